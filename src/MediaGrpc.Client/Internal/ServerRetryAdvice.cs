using Google.Protobuf;
using Grpc.Core;

namespace MediaGrpc.Client.Internal;

/// <summary>
/// The wait a server advises with RESOURCE_EXHAUSTED and a google.rpc.RetryInfo detail (the
/// per-owner call rate limit). The SDK's transfer retries wait that long instead of their own
/// backoff, but only when it is no longer than they would ever wait on their own
/// (<see cref="MediaGrpcClientOptions.MaxRetryDelay"/>): a longer wait is the caller's decision,
/// so that status reaches the caller with its detail.
/// </summary>
internal static class ServerRetryAdvice
{
    public static bool TryGetDelay(RpcException exception, TimeSpan longest, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        if (exception.StatusCode != StatusCode.ResourceExhausted)
        {
            return false;
        }

        try
        {
            if (exception.GetRpcStatus()?.GetDetail<Google.Rpc.RetryInfo>()?.RetryDelay is not { } advised)
            {
                return false;
            }

            delay = advised.ToTimeSpan();
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidOperationException or ArgumentException)
        {
            // Details that do not parse advise nothing.
            return false;
        }

        return delay >= TimeSpan.Zero && delay <= longest;
    }
}
