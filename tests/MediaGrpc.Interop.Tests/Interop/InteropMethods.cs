using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Testing;
using Google.Protobuf.Reflection;
using MediaGrpc.Interop;

namespace MediaGrpc.Interop.Tests.Interop;

/// <summary>The grpc.testing methods, resolved from the interop protos.</summary>
internal static class InteropMethods
{
    private static readonly ServiceDescriptor s_testService = TestReflection.Descriptor.FindTypeByName<ServiceDescriptor>("TestService");
    private static readonly ServiceDescriptor s_unimplementedService = TestReflection.Descriptor.FindTypeByName<ServiceDescriptor>("UnimplementedService");

    public static readonly Method<Empty, Empty> EmptyCall = GrpcCalls.Method<Empty, Empty>(s_testService, "EmptyCall");
    public static readonly Method<SimpleRequest, SimpleResponse> UnaryCall = GrpcCalls.Method<SimpleRequest, SimpleResponse>(s_testService, "UnaryCall");
    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> StreamingOutputCall =
        GrpcCalls.Method<StreamingOutputCallRequest, StreamingOutputCallResponse>(s_testService, "StreamingOutputCall");
    public static readonly Method<StreamingInputCallRequest, StreamingInputCallResponse> StreamingInputCall =
        GrpcCalls.Method<StreamingInputCallRequest, StreamingInputCallResponse>(s_testService, "StreamingInputCall");
    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> FullDuplexCall =
        GrpcCalls.Method<StreamingOutputCallRequest, StreamingOutputCallResponse>(s_testService, "FullDuplexCall");
    public static readonly Method<Empty, Empty> UnimplementedCall = GrpcCalls.Method<Empty, Empty>(s_testService, "UnimplementedCall");
    public static readonly Method<Empty, Empty> UnimplementedServiceCall = GrpcCalls.Method<Empty, Empty>(s_unimplementedService, "UnimplementedCall");
}
