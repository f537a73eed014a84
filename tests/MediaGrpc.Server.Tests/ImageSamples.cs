using System.Buffers.Binary;
using System.Text;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// Small images of each format the service measures, built byte by byte from the formats'
/// specifications (not from the service's parser), with the given width and height.
/// </summary>
internal static class ImageSamples
{
    public static byte[] Png(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // truecolour
        return [0x89, .. "PNG"u8, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", ihdr), .. Chunk("IEND", [])];

        static byte[] Chunk(string type, byte[] data)
        {
            var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
            var chunk = new byte[12 + data.Length];
            BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
            typed.CopyTo(chunk, 4);
            BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(typed));
            return chunk;
        }
    }

    public static byte[] Gif(int width, int height)
    {
        var screen = new byte[7];
        BinaryPrimitives.WriteUInt16LittleEndian(screen, (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(screen.AsSpan(2), (ushort)height);
        return [.. "GIF89a"u8, .. screen, 0x3B];
    }

    /// <summary>A 24-bit BMP with a BITMAPINFOHEADER; <paramref name="topDown"/> stores a negative height.</summary>
    public static byte[] Bmp(int width, int height, bool topDown = false)
    {
        var rowSize = ((width * 3) + 3) / 4 * 4;
        var bmp = new byte[54 + (rowSize * height)];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), topDown ? -height : height);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        return bmp;
    }

    /// <summary>A baseline JPEG header: SOI, a JFIF APP0, an EXIF-sized APP1 to skip, SOF0, SOS, EOI.</summary>
    public static byte[] Jpeg(int width, int height)
    {
        byte[] app0 = [0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0];
        var app1 = new byte[4 + 2000];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), 2002);
        byte[] sof0 = [0xFF, 0xC0, 0x00, 0x11, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
        byte[] sos = [0xFF, 0xDA, 0x00, 0x0C, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0];
        return [0xFF, 0xD8, .. app0, .. app1, .. sof0, .. sos, 0x00, 0xFF, 0xD9];
    }

    /// <summary>An extended (VP8X) WebP header.</summary>
    public static byte[] WebPExtended(int width, int height)
    {
        var vp8x = new byte[10];
        WriteUInt24(vp8x.AsSpan(4), width - 1);
        WriteUInt24(vp8x.AsSpan(7), height - 1);
        return Riff("VP8X", vp8x);
    }

    /// <summary>A lossless (VP8L) WebP header.</summary>
    public static byte[] WebPLossless(int width, int height)
    {
        var vp8l = new byte[5];
        vp8l[0] = 0x2F;
        BinaryPrimitives.WriteUInt32LittleEndian(vp8l.AsSpan(1), (uint)((width - 1) | ((height - 1) << 14)));
        return Riff("VP8L", vp8l);
    }

    private static byte[] Riff(string chunk, byte[] payload)
    {
        var padded = payload.Length % 2 == 0 ? payload : [.. payload, 0];
        var body = new byte[4 + 8 + padded.Length];
        "WEBP"u8.CopyTo(body);
        Encoding.ASCII.GetBytes(chunk).CopyTo(body, 4);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(8), payload.Length);
        padded.CopyTo(body, 12);
        var riff = new byte[8 + body.Length];
        "RIFF"u8.CopyTo(riff);
        BinaryPrimitives.WriteInt32LittleEndian(riff.AsSpan(4), body.Length);
        body.CopyTo(riff, 8);
        return riff;
    }

    private static void WriteUInt24(Span<byte> target, int value)
    {
        target[0] = (byte)value;
        target[1] = (byte)(value >> 8);
        target[2] = (byte)(value >> 16);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
