using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Client;
using MediaGrpc.Contracts.Pooling;
using MediaGrpc.Interop;

namespace MediaGrpc.Bench.Transport;

/// <summary>Grpc.Net.Client driving grpc.testing.TestService: unary latency, upload and download of large messages.</summary>
internal sealed class OurClient : IDisposable
{
    private static readonly byte[] s_zeros = new byte[4 * 1024 * 1024];

    private static readonly Method<StreamingOutputCallRequest, Pooled<StreamingOutputCallResponse>> s_pooledDownload = new(
        MethodType.ServerStreaming, TestService.Descriptor.FullName, "StreamingOutputCall",
        ChunkMarshallers.Owned(StreamingOutputCallRequest.Parser), ChunkMarshallers.Pooled(StreamingOutputCallResponse.Parser));

    private readonly GrpcChannel _channel;
    private readonly TestService.TestServiceClient _client;
    private readonly bool _pooled;
    private readonly SimpleRequest _small = new() { ResponseSize = 1 };

    /// <param name="address">The server.</param>
    /// <param name="tuned">
    /// True: the SDK's channel (<see cref="MediaGrpcChannels"/>, 16 MiB stream windows) and
    /// downloads read with the pooled chunk marshaller, as the SDK's are. False: Grpc.Net.Client's
    /// defaults with the generated marshallers.
    /// </param>
    /// <param name="pooledDownloads">With <paramref name="tuned"/>: false reads downloads with the generated marshaller, to measure what pooling saves.</param>
    public OurClient(Uri address, bool tuned, bool pooledDownloads = true)
    {
        var options = new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 };
        _channel = tuned ? MediaGrpcChannels.ForAddress(address, options) : GrpcChannel.ForAddress(address, options);
        _client = new TestService.TestServiceClient(_channel);
        _pooled = tuned && pooledDownloads;
    }

    public async Task<TimeSpan> UnaryAsync()
    {
        var started = Stopwatch.GetTimestamp();
        await _client.UnaryCallAsync(_small);
        return Stopwatch.GetElapsedTime(started);
    }

    public async Task UploadAsync(int count, int size)
    {
        // Wrapped, not copied, as the SDK sends chunks: the write serializes before it completes.
        var message = new StreamingInputCallRequest { Payload = new Payload { Body = UnsafeByteOperations.UnsafeWrap(s_zeros.AsMemory(0, size)) } };
        using var call = _client.StreamingInputCall();
        for (var i = 0; i < count; i++)
        {
            await call.RequestStream.WriteAsync(message, CancellationToken.None);
        }

        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;
        if (response.AggregatedPayloadSize != (long)count * size && count * (long)size <= int.MaxValue)
        {
            throw new InvalidOperationException($"The server received {response.AggregatedPayloadSize} bytes.");
        }
    }

    public async Task DownloadAsync(int count, int size)
    {
        var request = new StreamingOutputCallRequest();
        for (var i = 0; i < count; i++)
        {
            request.ResponseParameters.Add(new ResponseParameters { Size = size });
        }

        var received = 0;
        if (_pooled)
        {
            using var call = _channel.CreateCallInvoker().AsyncServerStreamingCall(s_pooledDownload, null, default, request);
            using var responses = new PooledStreamReader<StreamingOutputCallResponse>(call.ResponseStream);
            while (await responses.MoveNext(CancellationToken.None))
            {
                received++;
            }
        }
        else
        {
            using var call = _client.StreamingOutputCall(request);
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                received++;
            }
        }

        if (received != count)
        {
            throw new InvalidOperationException($"Received {received} of {count} messages.");
        }
    }

    public void Dispose() => _channel.Dispose();
}
