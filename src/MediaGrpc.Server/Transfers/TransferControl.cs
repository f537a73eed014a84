namespace MediaGrpc.Server.Transfers;

/// <summary>What a control message asks of the replica running a transfer.</summary>
internal enum TransferControl
{
    Cancel = 1,
    Pause = 2,
    Resume = 3,
}
