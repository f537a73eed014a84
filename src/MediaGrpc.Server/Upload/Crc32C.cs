using System.Buffers.Binary;
using System.Numerics;

namespace MediaGrpc.Server.Upload;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum Google Cloud
/// Storage and gRPC-based storage APIs use for chunks; RFC 3720 appendix B.4 gives
/// test vectors. (System.IO.Hashing, which has it, is not available here.)
/// </summary>
/// <remarks>
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> is the SSE4.2 / ARMv8 CRC instruction where
/// the processor has one (a software table otherwise): eight bytes a step, so checking a
/// 1 MiB chunk costs well under a millisecond rather than a byte-at-a-time table walk.
/// </remarks>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
