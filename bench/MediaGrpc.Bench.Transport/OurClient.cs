using System.Diagnostics;
using Google.Protobuf;
using MediaGrpc.Interop;
using MediaGrpc.Rpc;

namespace MediaGrpc.Bench.Transport;

/// <summary>Our GrpcChannel driving grpc.testing.TestService: unary latency, upload and download of large messages.</summary>
internal sealed class OurClient : IDisposable
{
    private static readonly byte[] s_zeros = new byte[4 * 1024 * 1024];
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor s_service =
        TestReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("TestService");

    private static readonly Method<SimpleRequest, SimpleResponse> s_unary = Method<SimpleRequest, SimpleResponse>.Create(s_service, "UnaryCall");
    private static readonly Method<StreamingInputCallRequest, StreamingInputCallResponse> s_upload =
        Method<StreamingInputCallRequest, StreamingInputCallResponse>.Create(s_service, "StreamingInputCall");
    private static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> s_download =
        Method<StreamingOutputCallRequest, StreamingOutputCallResponse>.Create(s_service, "StreamingOutputCall");

    private readonly GrpcChannel _channel;
    private readonly SimpleRequest _small = new() { ResponseSize = 1 };

    private readonly PayloadLifetime _responsePayloads;

    /// <param name="address">The server.</param>
    /// <param name="responsePayloads">How downloads read their responses: the benchmark discards each before the next read.</param>
    public OurClient(Uri address, PayloadLifetime responsePayloads)
    {
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
        _responsePayloads = responsePayloads;
    }

    public async Task<TimeSpan> UnaryAsync()
    {
        var started = Stopwatch.GetTimestamp();
        await _channel.UnaryAsync(s_unary, _small);
        return Stopwatch.GetElapsedTime(started);
    }

    public async Task UploadAsync(int count, int size)
    {
        var message = new StreamingInputCallRequest { Payload = new Payload { Body = UnsafeByteOperations.UnsafeWrap(s_zeros.AsMemory(0, size)) } };
        using var call = _channel.ClientStreaming(s_upload);
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

        using var call = _channel.ServerStreaming(s_download, request, new CallOptions { ResponsePayloads = _responsePayloads });
        var received = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            received++;
        }

        if (received != count)
        {
            throw new InvalidOperationException($"Received {received} of {count} messages.");
        }
    }

    public void Dispose() => _channel.Dispose();
}
