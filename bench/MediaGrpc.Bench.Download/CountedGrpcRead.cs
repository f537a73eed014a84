using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Contracts.Pooling;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Bench.Download;

/// <summary>
/// The service's Download call read by Grpc.Net.Client with a marshaller that only counts
/// each chunk message's bytes, without copying them out of the client's receive buffer.
/// Only a diagnostic: beside the SDK's pooled read (one copy of every chunk into a pooled
/// buffer, which a consumer that writes chunks out after the read needs) and the raw read
/// (HttpClient, no gRPC client), it splits what keeping the bytes costs from what
/// Grpc.Net.Client itself costs.
/// </summary>
internal static class CountedGrpcRead
{
    // Chunk messages are this large or larger; smaller ones (header, completed) are parsed.
    private const int ChunkThreshold = 64 * 1024;

    private static readonly Method<DownloadRequest, CountedResponse> Download = new(
        MethodType.DuplexStreaming,
        DownloadService.Descriptor.FullName,
        "Download",
        ChunkMarshallers.Owned(DownloadRequest.Parser),
        new Marshaller<CountedResponse>(
            (_, _) => throw new NotSupportedException("Responses are only read."),
            context => context.PayloadLength >= ChunkThreshold
                ? new CountedResponse(context.PayloadLength, Completed: false)
                : new CountedResponse(context.PayloadLength, DownloadResponse.Parser.ParseFrom(context.PayloadAsReadOnlySequence()).Completed is not null)));

    /// <summary>Downloads the first <paramref name="length"/> bytes of <paramref name="mediaId"/> and returns the bytes of the messages received.</summary>
    public static async Task<long> ReadAsync(GrpcChannel channel, string mediaId, int chunkSize, long length, Action firstByte)
    {
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(Download, null, default);
        await call.RequestStream.WriteAsync(new DownloadRequest { Open = new DownloadOpen { MediaId = mediaId, ChunkSize = chunkSize, ReadLimit = length } }, CancellationToken.None);
        long bytes = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            var response = call.ResponseStream.Current;
            if (response.Bytes >= ChunkThreshold)
            {
                firstByte();
            }

            bytes += response.Bytes;
            if (response.Completed)
            {
                // As the SDK does, so that the server does not wait for the half-close.
                await call.RequestStream.CompleteAsync();
            }
        }

        return bytes;
    }

    private sealed record CountedResponse(int Bytes, bool Completed);
}
