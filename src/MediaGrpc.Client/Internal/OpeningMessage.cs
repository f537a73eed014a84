using System.Runtime.ExceptionServices;
using Grpc.Core;

namespace MediaGrpc.Client.Internal;

/// <summary>
/// Writes a streaming call's first message. The server may end the call before or while that
/// message is written (a rate limit, an unknown owner, a full server); the write then fails
/// with the transport's CANCELLED or an <see cref="IOException"/>, and the server's status,
/// with its details (RetryInfo, LimitExceeded), waits on the response side. Reading it there
/// gives the caller that status, which the SDK's retries and the caller's own handling
/// recognise.
/// </summary>
internal static class OpeningMessage
{
    /// <summary>How long a failed write waits for the call's status; a call that has not ended by then keeps the write's own failure.</summary>
    private static readonly TimeSpan StatusWait = TimeSpan.FromSeconds(5);

    public static async Task WriteAsync<TRequest, TResponse>(
        IClientStreamWriter<TRequest> requests,
        IAsyncStreamReader<TResponse> responses,
        TRequest message,
        CancellationToken cancellationToken)
    {
        try
        {
            await requests.WriteAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException && !cancellationToken.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(StatusWait);
            try
            {
                // Throws the server's status when the call ended with one; nothing was read
                // yet, so no response is lost.
                await responses.MoveNext(wait.Token);
            }
            catch (Exception) when (wait.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            ExceptionDispatchInfo.Throw(e);
        }
    }
}
