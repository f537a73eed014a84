using Google.Protobuf.Reflection;

namespace MediaGrpc.Rpc;

/// <summary>
/// A gRPC service implementation. The host binds its handlers to the methods of its
/// protobuf <see cref="Descriptor"/> at start-up; a handler for a method the descriptor
/// lacks, or with the wrong kind or message types, stops the start-up.
/// </summary>
public interface IGrpcService
{
    /// <summary>The protobuf service this class implements.</summary>
    ServiceDescriptor Descriptor { get; }

    /// <summary>Registers one handler per implemented method.</summary>
    void Bind(GrpcServiceBinder binder);
}
