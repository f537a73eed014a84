using System.Buffers.Binary;
using Google.Protobuf;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Server.Transfers;

/// <summary>
/// A transfer as the registry stores it: the public <see cref="Transfer"/> plus the sequence
/// number of the last event published about it, so a watcher can tell which events a
/// snapshot already includes. Immutable: the running stream hands out copies.
/// </summary>
internal sealed record TransferRecord(Transfer Transfer, long Sequence)
{
    public string TransferId => Transfer.TransferId;

    public string Owner => Transfer.Owner;

    public bool IsEnded => TransferStates.IsEnded(Transfer.State);

    /// <summary>The upload whose writer lease this transfer holds while it runs; null for downloads.</summary>
    public string? WriterOfUpload => Transfer.Kind == TransferKind.Upload && Transfer.UploadId.Length > 0 ? Transfer.UploadId : null;

    // Stored form: 8-byte big-endian sequence, then the Transfer message.
    public byte[] ToBytes()
    {
        var bytes = new byte[sizeof(long) + Transfer.CalculateSize()];
        BinaryPrimitives.WriteInt64BigEndian(bytes, Sequence);
        Transfer.WriteTo(bytes.AsSpan(sizeof(long)));
        return bytes;
    }

    public static TransferRecord FromBytes(ReadOnlySpan<byte> bytes) =>
        new(Transfer.Parser.ParseFrom(bytes[sizeof(long)..]), BinaryPrimitives.ReadInt64BigEndian(bytes));
}
