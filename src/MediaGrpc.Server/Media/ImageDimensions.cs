using System.Buffers.Binary;

namespace MediaGrpc.Server.Media;

/// <summary>
/// Width and height read from the header of a JPEG, PNG, BMP, GIF or WebP image, without
/// decoding it. Each reader follows its format's specification and gives up (returns
/// false) on anything it does not recognise or that is cut short.
/// </summary>
internal static class ImageDimensions
{
    public static bool TryRead(string contentType, ReadOnlySpan<byte> header, out uint width, out uint height)
    {
        width = height = 0;
        return contentType switch
        {
            "image/png" => TryReadPng(header, out width, out height),
            "image/gif" => TryReadGif(header, out width, out height),
            "image/bmp" => TryReadBmp(header, out width, out height),
            "image/webp" => TryReadWebP(header, out width, out height),
            "image/jpeg" => TryReadJpeg(header, out width, out height),
            _ => false,
        };
    }

    // PNG (ISO/IEC 15948 §5.3, §11.2.2): 8-byte signature, then the IHDR chunk first:
    // length(4) "IHDR"(4) width(4, BE) height(4, BE) ...
    private static bool TryReadPng(ReadOnlySpan<byte> data, out uint width, out uint height)
    {
        width = height = 0;
        if (data.Length < 24 || !data.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return false;
        }

        width = BinaryPrimitives.ReadUInt32BigEndian(data[16..]);
        height = BinaryPrimitives.ReadUInt32BigEndian(data[20..]);
        return width > 0 && height > 0;
    }

    // GIF (GIF89a spec §18): "GIF87a"/"GIF89a", then the logical screen descriptor:
    // width(2, LE) height(2, LE).
    private static bool TryReadGif(ReadOnlySpan<byte> data, out uint width, out uint height)
    {
        width = height = 0;
        if (data.Length < 10)
        {
            return false;
        }

        width = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
        height = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]);
        return width > 0 && height > 0;
    }

    // BMP: 14-byte file header ("BM"), then a DIB header whose size says its kind:
    // 12 = BITMAPCOREHEADER (width, height as 16-bit), larger = BITMAPINFOHEADER and later
    // (width, height as signed 32-bit; a negative height means rows run top-down).
    private static bool TryReadBmp(ReadOnlySpan<byte> data, out uint width, out uint height)
    {
        width = height = 0;
        if (data.Length < 26)
        {
            return false;
        }

        var dibSize = BinaryPrimitives.ReadUInt32LittleEndian(data[14..]);
        if (dibSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(data[18..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(data[20..]);
        }
        else if (dibSize >= 40)
        {
            var w = BinaryPrimitives.ReadInt32LittleEndian(data[18..]);
            var h = BinaryPrimitives.ReadInt32LittleEndian(data[22..]);
            if (w <= 0 || h == 0 || h == int.MinValue)
            {
                return false;
            }

            width = (uint)w;
            height = (uint)Math.Abs(h);
        }

        return width > 0 && height > 0;
    }

    // WebP (RFC 9649): "RIFF" size "WEBP", then the first chunk:
    //   "VP8 " lossy:    frame tag(3), start code 9D 01 2A, width(14 bits), height(14 bits), LE
    //   "VP8L" lossless: signature 0x2F, then width-1 (14 bits), height-1 (14 bits), LE bit order
    //   "VP8X" extended: flags(4), canvas width-1 (24 bits LE), canvas height-1 (24 bits LE)
    private static bool TryReadWebP(ReadOnlySpan<byte> data, out uint width, out uint height)
    {
        width = height = 0;
        if (data.Length < 20)
        {
            return false;
        }

        var chunk = data.Slice(12, 4);
        var payload = data[20..];
        if (chunk.SequenceEqual("VP8 "u8) && payload.Length >= 10)
        {
            if (payload[3] != 0x9D || payload[4] != 0x01 || payload[5] != 0x2A)
            {
                return false;
            }

            width = BinaryPrimitives.ReadUInt16LittleEndian(payload[6..]) & 0x3FFFu;
            height = BinaryPrimitives.ReadUInt16LittleEndian(payload[8..]) & 0x3FFFu;
        }
        else if (chunk.SequenceEqual("VP8L"u8) && payload.Length >= 5)
        {
            if (payload[0] != 0x2F)
            {
                return false;
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(payload[1..]);
            width = (bits & 0x3FFFu) + 1;
            height = ((bits >> 14) & 0x3FFFu) + 1;
        }
        else if (chunk.SequenceEqual("VP8X"u8) && payload.Length >= 10)
        {
            width = ReadUInt24LittleEndian(payload[4..]) + 1;
            height = ReadUInt24LittleEndian(payload[7..]) + 1;
        }

        return width > 0 && height > 0;
    }

    // JPEG (ITU T.81 §B.1.1): markers FF xx; the frame header of any SOFn segment holds
    // length(2) precision(1) height(2, BE) width(2, BE). Segments before it are skipped
    // by their lengths; RSTn, SOI and TEM carry no length.
    private static bool TryReadJpeg(ReadOnlySpan<byte> data, out uint width, out uint height)
    {
        width = height = 0;
        var position = 2;
        while (position + 4 <= data.Length)
        {
            if (data[position] != 0xFF)
            {
                return false;
            }

            var marker = data[position + 1];
            if (marker == 0xFF)
            {
                position++;
                continue;
            }

            if (marker is 0x01 or 0xD8 or (>= 0xD0 and <= 0xD7))
            {
                position += 2;
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 2)..]);
            if (length < 2)
            {
                return false;
            }

            if (IsStartOfFrame(marker))
            {
                if (position + 9 > data.Length)
                {
                    return false;
                }

                height = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 5)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 7)..]);
                return width > 0 && height > 0;
            }

            position += 2 + length;
        }

        return false;
    }

    private static bool IsStartOfFrame(byte marker) =>
        marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;

    private static uint ReadUInt24LittleEndian(ReadOnlySpan<byte> data) => data[0] | ((uint)data[1] << 8) | ((uint)data[2] << 16);
}
