using Google.Protobuf.Reflection;
using MediaGrpc.Rpc.Tests.Echo;

namespace MediaGrpc.Rpc.Tests.Client;

/// <summary>The methods of mediagrpc.testing.EchoService, built from its descriptor.</summary>
internal static class EchoMethods
{
    private static readonly ServiceDescriptor s_service = EchoReflection.Descriptor.FindTypeByName<ServiceDescriptor>("EchoService");

    public static Method<EchoRequest, EchoResponse> Unary { get; } = Method<EchoRequest, EchoResponse>.Create(s_service, "Unary");

    public static Method<EchoRequest, EchoResponse> ServerStream { get; } = Method<EchoRequest, EchoResponse>.Create(s_service, "ServerStream");

    public static Method<EchoRequest, EchoResponse> ClientStream { get; } = Method<EchoRequest, EchoResponse>.Create(s_service, "ClientStream");

    public static Method<EchoRequest, EchoResponse> Duplex { get; } = Method<EchoRequest, EchoResponse>.Create(s_service, "Duplex");
}
