namespace MediaGrpc.Server.Transfers;

/// <summary>Where the transfer registry lives.</summary>
public enum TransferRegistryProvider
{
    /// <summary>In this process: the embedded default, one replica.</summary>
    InProcess,

    /// <summary>In Redis, shared by every replica.</summary>
    Redis,
}
