namespace MediaGrpc.Rpc;

/// <summary>The four call kinds, from whether each side streams.</summary>
public enum MethodType
{
    Unary,
    ClientStreaming,
    ServerStreaming,
    DuplexStreaming,
}
