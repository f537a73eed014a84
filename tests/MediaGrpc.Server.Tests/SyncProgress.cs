namespace MediaGrpc.Server.Tests;

/// <summary>An IProgress that reports on the caller's thread, in order (Progress&lt;T&gt; posts asynchronously).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
