using Google.Protobuf;

namespace MediaGrpc.Interop.Tests.Server;

/// <summary>Payloads whose bytes differ by position, so a reordered or truncated echo is caught.</summary>
internal static class TestPayload
{
    public static ByteString Create(int length, int seed = 0)
    {
        var bytes = new byte[length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((i * 31) + seed);
        }

        return ByteString.CopyFrom(bytes);
    }
}
