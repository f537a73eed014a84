namespace MediaGrpc.Server.Transfers;

/// <summary>What <see cref="ITransferRegistry.BeginAsync"/> did with a new transfer.</summary>
internal enum TransferBeginOutcome
{
    /// <summary>Registered: it holds a slot of its owner and, for an upload, the upload's writer lease.</summary>
    Registered,

    /// <summary>Refused: the owner already runs as many transfers as the limit allows.</summary>
    OwnerAtLimit,

    /// <summary>Refused: another running transfer holds the writer lease of the same upload.</summary>
    WriterBusy,
}
