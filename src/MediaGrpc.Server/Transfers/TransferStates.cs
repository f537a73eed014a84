using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Server.Transfers;

internal static class TransferStates
{
    /// <summary>Completed, failed and cancelled transfers hold no slot and take no control.</summary>
    public static bool IsEnded(TransferState state) =>
        state is TransferState.Completed or TransferState.Failed or TransferState.Cancelled;
}
