using MediaGrpc.Interop.Tests.Echo;
using MediaGrpc.Testing;

namespace MediaGrpc.Interop.Tests.Server;

/// <summary>The echo service's methods, for calls through a channel's call invoker.</summary>
internal static class EchoMethods
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor s_service = EchoReflection.Descriptor.Services[0];

    public static readonly Grpc.Core.Method<EchoRequest, EchoResponse> Unary = GrpcCalls.Method<EchoRequest, EchoResponse>(s_service, "Unary");
    public static readonly Grpc.Core.Method<EchoRequest, EchoResponse> ServerStream = GrpcCalls.Method<EchoRequest, EchoResponse>(s_service, "ServerStream");
    public static readonly Grpc.Core.Method<EchoRequest, EchoResponse> ClientStream = GrpcCalls.Method<EchoRequest, EchoResponse>(s_service, "ClientStream");
    public static readonly Grpc.Core.Method<EchoRequest, EchoResponse> Duplex = GrpcCalls.Method<EchoRequest, EchoResponse>(s_service, "Duplex");
}
