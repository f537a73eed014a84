using Grpc.Core;

namespace MediaGrpc.Server.Hosting;

/// <summary>
/// Ending a bidirectional call once its client has half-closed. Kestrel keeps, for a few
/// seconds, a stream whose call ended before its request side did, and refuses new streams
/// (ENHANCE_YOUR_CALM: RESOURCE_EXHAUSTED to the client) on a connection holding too many of
/// them. A grpc-js client half-closing when the last response arrives, as the contract's
/// conversations go, but whose END_STREAM reached the server just after the status, failed
/// after about 200 quick downloads, or re-sent completed uploads, on one connection.
/// </summary>
internal static class ClientHalfClose
{
    /// <summary>
    /// How long a finished call waits for its client's half-close. A client that never
    /// half-closes (nor cancels) sees its status this much later.
    /// </summary>
    public static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits up to <see cref="Wait"/> for <paramref name="reader"/>, a task that ends when the client half-closes.</summary>
    public static async Task WaitForAsync(Task reader, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!reader.IsCompleted)
        {
            await Task.WhenAny(reader, Task.Delay(Wait, timeProvider, cancellationToken));
        }
    }

    /// <summary>Reads and discards what the client still sends, until it half-closes or <see cref="Wait"/> has passed.</summary>
    public static async Task DrainAsync<T>(IAsyncStreamReader<T> requests, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var waited = new CancellationTokenSource(Wait, timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(waited.Token, cancellationToken);
        try
        {
            while (await requests.MoveNext(stop.Token))
            {
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Waited long enough, or the call ended.
        }
        catch (IOException)
        {
            // The client reset the stream: nothing is left to wait for.
        }
    }
}
