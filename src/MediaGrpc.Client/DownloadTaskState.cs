namespace MediaGrpc.Client;

/// <summary>Where a <see cref="DownloadTask"/> is.</summary>
public enum DownloadTaskState
{
    /// <summary>Connecting, or waiting for the header.</summary>
    Starting,

    /// <summary>Receiving bytes.</summary>
    Running,

    /// <summary>The server confirmed a pause; nothing arrives until <see cref="DownloadTask.Resume"/>.</summary>
    Paused,

    /// <summary>Every byte arrived and was verified.</summary>
    Completed,

    /// <summary>Ended with an error.</summary>
    Failed,

    /// <summary>Cancelled by <see cref="DownloadTask.Cancel"/> or the caller's token.</summary>
    Cancelled,
}
