using Google.Protobuf.Reflection;

namespace MediaGrpc.Rpc.Internal;

/// <summary>The services this server hosts, as bound at start-up; what reflection and health describe.</summary>
internal sealed class GrpcServiceCatalog
{
    private IReadOnlyList<ServiceDescriptor> _services = [];

    public IReadOnlyList<ServiceDescriptor> Services => _services;

    /// <summary>Set once, when the endpoints are mapped.</summary>
    public void Publish(IReadOnlyList<ServiceDescriptor> services) => _services = services;
}
