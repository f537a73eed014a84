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
            // Throws the server's status when the call ended with one; nothing was read yet,
            // so no response is lost.
            await responses.MoveNext(cancellationToken);
            throw;
        }
    }
}
