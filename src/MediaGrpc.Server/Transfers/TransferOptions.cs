using MediaGrpc.Server.Transfers.Redis;

namespace MediaGrpc.Server.Transfers;

/// <summary>The transfer registry, limits and progress, bound from the <c>Transfers</c> configuration section.</summary>
public sealed class TransferOptions
{
    public const string SectionName = "Transfers";

    /// <summary>Where transfers are tracked: <c>InProcess</c> (default; one replica) or <c>Redis</c> (shared by replicas).</summary>
    public TransferRegistryProvider Provider { get; set; } = TransferRegistryProvider.InProcess;

    /// <summary>Most uploads and downloads one owner may run at once, across all replicas. Default 9.</summary>
    public int MaxConcurrentPerOwner { get; set; } = 9;

    /// <summary>
    /// How long a transfer stays registered without a heartbeat. When a replica dies, its
    /// transfers (and the owners' slots) expire after at most this long. Default 30 seconds.
    /// </summary>
    public TimeSpan HeartbeatTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a replica refreshes (and, after a Redis restart, re-registers) its transfers; below <see cref="HeartbeatTtl"/>. Default 10 seconds.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Least time between two progress events of one transfer; state changes are always sent at once. Default 250 ms.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long an ended transfer can still be read with GetTransfer and WatchTransfer. Default 5 minutes.</summary>
    public TimeSpan EndedRetention { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long Cancel/Pause/ResumeTransfer wait for the stream's replica to act before answering with the state as it is. Default 2 seconds.</summary>
    public TimeSpan ControlTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest a stream waits for the registry when it starts; past it the transfer runs unregistered (see README, "Redis trouble"). Default 1 second.</summary>
    public TimeSpan RegistryTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>This replica's name in transfer records and its control channel; null uses the host name plus a random suffix. Default null.</summary>
    public string? ReplicaName { get; set; }

    /// <summary>Prefix of every Redis key and channel. Default <c>mediagrpc:</c>.</summary>
    public string KeyPrefix { get; set; } = "mediagrpc:";

    /// <summary>How to reach Redis, when <see cref="Provider"/> is <c>Redis</c> (section <c>Transfers:Redis</c>).</summary>
    public RedisRegistryOptions Redis { get; set; } = new();
}
