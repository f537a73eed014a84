using Google.Protobuf.Reflection;
using MediaGrpc.Interop;

namespace MediaGrpc.Rpc.Tests.Interop;

/// <summary>The grpc.testing methods, resolved from the interop protos.</summary>
internal static class InteropMethods
{
    private static readonly ServiceDescriptor s_testService = TestReflection.Descriptor.FindTypeByName<ServiceDescriptor>("TestService");
    private static readonly ServiceDescriptor s_unimplementedService = TestReflection.Descriptor.FindTypeByName<ServiceDescriptor>("UnimplementedService");

    public static readonly Method<Empty, Empty> EmptyCall = Method<Empty, Empty>.Create(s_testService, "EmptyCall");
    public static readonly Method<SimpleRequest, SimpleResponse> UnaryCall = Method<SimpleRequest, SimpleResponse>.Create(s_testService, "UnaryCall");
    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> StreamingOutputCall =
        Method<StreamingOutputCallRequest, StreamingOutputCallResponse>.Create(s_testService, "StreamingOutputCall");
    public static readonly Method<StreamingInputCallRequest, StreamingInputCallResponse> StreamingInputCall =
        Method<StreamingInputCallRequest, StreamingInputCallResponse>.Create(s_testService, "StreamingInputCall");
    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> FullDuplexCall =
        Method<StreamingOutputCallRequest, StreamingOutputCallResponse>.Create(s_testService, "FullDuplexCall");
    public static readonly Method<Empty, Empty> UnimplementedCall = Method<Empty, Empty>.Create(s_testService, "UnimplementedCall");
    public static readonly Method<Empty, Empty> UnimplementedServiceCall = Method<Empty, Empty>.Create(s_unimplementedService, "UnimplementedCall");
}
