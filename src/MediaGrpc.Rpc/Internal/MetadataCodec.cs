namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// Converts between HTTP/2 header fields and <see cref="Metadata"/>: <c>-bin</c> values
/// are base64 on the wire (padding optional when reading), protocol headers are skipped.
/// https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md#requests
/// </summary>
internal static class MetadataCodec
{
    /// <summary>Adds one received header to <paramref name="metadata"/>, unless the protocol owns it.</summary>
    /// <exception cref="RpcException">INTERNAL for a -bin value that is not base64.</exception>
    public static void AddHeader(Metadata metadata, string name, string value)
    {
        if (GrpcProtocol.IsReservedHeader(name))
        {
            return;
        }

        if (Metadata.IsBinaryKey(name.ToLowerInvariant()))
        {
            // A -bin header may arrive as comma-separated values when repeated.
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                metadata.Add(name, DecodeBase64(name, part));
            }

            return;
        }

        metadata.Add(name, value);
    }

    /// <summary>The wire value of an entry.</summary>
    public static string EncodeValue(Metadata.Entry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes!) : entry.Value!;

    /// <summary>Decodes base64 with or without padding.</summary>
    public static byte[] DecodeBase64(string name, string value)
    {
        var padded = (value.Length % 4) switch
        {
            2 => value + "==",
            3 => value + "=",
            _ => value,
        };

        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            throw new RpcException(StatusCode.Internal, $"Metadata '{name}' is not valid base64.");
        }
    }
}
