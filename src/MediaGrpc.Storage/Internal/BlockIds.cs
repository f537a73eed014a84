using System.Buffers.Text;
using System.Globalization;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// Block IDs that carry the block's offset: base64 of the offset as 24 zero-padded ASCII
/// digits. All IDs of a blob must have the same length (Put Block rule), the fixed-width text
/// sorts like the offset, and 24 ASCII digits encode to 32 base64 characters without padding or
/// '+' and '/', so an ID is URL-safe as is.
/// </summary>
internal static class BlockIds
{
    public const int Digits = 24;
    public const int EncodedLength = 32;

    public static string FromOffset(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        Span<byte> digits = stackalloc byte[Digits];
        offset.TryFormat(digits, out _, "D24", CultureInfo.InvariantCulture);
        return Convert.ToBase64String(digits);
    }

    public static bool TryGetOffset(string blockId, out long offset)
    {
        offset = 0;
        if (blockId.Length != EncodedLength)
        {
            return false;
        }

        Span<byte> digits = stackalloc byte[Digits];
        return Convert.TryFromBase64String(blockId, digits, out var written)
            && written == Digits
            && Utf8Parser.TryParse(digits, out offset, out var consumed)
            && consumed == Digits
            && offset >= 0;
    }
}
