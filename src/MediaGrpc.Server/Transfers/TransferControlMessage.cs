using System.Globalization;
using System.Text;

namespace MediaGrpc.Server.Transfers;

/// <summary>One control request for the replica holding <paramref name="TransferId"/>'s stream.</summary>
internal sealed record TransferControlMessage(string TransferId, TransferControl Action)
{
    // Wire form on the control channel: "<action number>:<transfer id>".
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(((int)Action).ToString(CultureInfo.InvariantCulture) + ":" + TransferId);

    public static TransferControlMessage? FromBytes(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var action)
            && Enum.IsDefined((TransferControl)action)
            ? new TransferControlMessage(text[(colon + 1)..], (TransferControl)action)
            : null;
    }
}
