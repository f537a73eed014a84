using System.Runtime.InteropServices;
using Grpc.Core;
using Grpc.Core.Interceptors;
using MediaGrpc.Client;
using MediaGrpc.Contracts.Pooling;
using MediaGrpc.Contracts.V1;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// The client SDK's <c>DownloadAsync</c> to a stream checks a whole media against the SHA-256
/// in its header: a chunk corrupted on its way (here by an interceptor that flips one bit
/// after the transport) fails the download with DATA_LOSS; an intact one passes.
/// </summary>
public sealed class DownloadIntegrityTests(LocalDiskServerFixture fixture) : IClassFixture<LocalDiskServerFixture>
{
    [Fact(Timeout = TestData.Timeout)]
    public async Task Whole_media_whose_bytes_differ_from_its_sha256_fails_with_data_loss()
    {
        using var channel = fixture.Host.CreateChannel();
        var content = TestData.Bytes(300_000, seed: 81);
        var media = (await new MediaGrpcClient(channel).UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "integrity" })).Media;
        var corrupting = new MediaGrpcClient(channel.Intercept(new FlipFirstChunkBit()));

        var intact = new MemoryStream();
        await new MediaGrpcClient(channel).DownloadAsync(media.MediaId, intact);
        var error = await TestData.FailsWith(StatusCode.DataLoss, () => corrupting.DownloadAsync(media.MediaId, new MemoryStream()));
        var tail = new MemoryStream();
        await corrupting.DownloadAsync(media.MediaId, tail, readOffset: 1000);

        Assert.Equal(content, intact.ToArray());
        Assert.Contains("SHA-256", error.Status.Detail, StringComparison.Ordinal);
        // From an offset there is no SHA-256 to compare with: the corrupted part arrives as it is.
        Assert.Equal(content.Length - 1000, tail.Length);
    }

    /// <summary>Flips the first bit of the first chunk of every download, after the transport delivered it.</summary>
    private sealed class FlipFirstChunkBit : Interceptor
    {
        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
            ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
        {
            var call = continuation(context);
            return new AsyncDuplexStreamingCall<TRequest, TResponse>(
                call.RequestStream,
                new Flipping<TResponse>(call.ResponseStream),
                call.ResponseHeadersAsync,
                call.GetStatus,
                call.GetTrailers,
                call.Dispose);
        }

        private sealed class Flipping<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
        {
            private bool _flipped;

            public T Current => inner.Current;

            public async Task<bool> MoveNext(CancellationToken cancellationToken)
            {
                if (!await inner.MoveNext(cancellationToken))
                {
                    return false;
                }

                if (!_flipped && inner.Current is Pooled<DownloadResponse> { Message.Chunk: { } chunk })
                {
                    MemoryMarshal.AsMemory(chunk.Data.Memory).Span[0] ^= 1;
                    _flipped = true;
                }

                return true;
            }
        }
    }
}
