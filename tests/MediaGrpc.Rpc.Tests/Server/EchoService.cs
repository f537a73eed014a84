using Google.Protobuf;
using MediaGrpc.Rpc.Tests.Echo;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace MediaGrpc.Rpc.Tests.Server;

/// <summary>
/// mediagrpc.testing.EchoService on our server, behaving as echo.proto describes, and
/// recording what the tests need to observe from the server side (cancellations).
/// </summary>
internal sealed class EchoService : IGrpcService
{
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ServiceDescriptor Descriptor => EchoReflection.Descriptor.Services[0];

    private long _streamedBytes;

    /// <summary>Payload bytes whose server-stream writes have completed, over all calls.</summary>
    public long StreamedBytes => Interlocked.Read(ref _streamedBytes);

    /// <summary>Completes when a handler saw its call cancelled.</summary>
    public Task HandlerSawCancellation => _cancelled.Task;

    // Duplex writes each echo before it reads the next request, so its requests may live in
    // pooled buffers; the other kinds keep the default.
    public void Bind(GrpcServiceBinder binder) => binder
        .Unary<EchoRequest, EchoResponse>("Unary", UnaryAsync)
        .ServerStreaming<EchoRequest, EchoResponse>("ServerStream", ServerStreamAsync)
        .ClientStreaming<EchoRequest, EchoResponse>("ClientStream", ClientStreamAsync)
        .DuplexStreaming<EchoRequest, EchoResponse>("Duplex", DuplexAsync, PayloadLifetime.UntilNextRead);

    private async Task<EchoResponse> UnaryAsync(EchoRequest request, ServerCallContext context)
    {
        await DelayAsync(request, context);
        FailIfAsked(request);
        return new EchoResponse { Text = request.Text, Payload = request.Payload };
    }

    private async Task ServerStreamAsync(EchoRequest request, IAsyncStreamWriter<EchoResponse> responses, ServerCallContext context)
    {
        for (var i = 0; i < request.Count; i++)
        {
            await responses.WriteAsync(new EchoResponse { Text = request.Text, Payload = request.Payload, Index = i }, context.CancellationToken);
            Interlocked.Add(ref _streamedBytes, request.Payload.Length);
        }

        await DelayAsync(request, context);
        FailIfAsked(request);
    }

    private async Task<EchoResponse> ClientStreamAsync(IAsyncStreamReader<EchoRequest> requests, ServerCallContext context)
    {
        var texts = new List<string>();
        using var payload = new MemoryStream();
        while (await requests.MoveNext(context.CancellationToken))
        {
            texts.Add(requests.Current.Text);
            requests.Current.Payload.WriteTo(payload);
        }

        return new EchoResponse { Text = string.Join(',', texts), Payload = ByteString.CopyFrom(payload.ToArray()) };
    }

    private async Task DuplexAsync(IAsyncStreamReader<EchoRequest> requests, IAsyncStreamWriter<EchoResponse> responses, ServerCallContext context)
    {
        var index = 0;
        try
        {
            while (await requests.MoveNext(context.CancellationToken))
            {
                var request = requests.Current;
                await DelayAsync(request, context);
                FailIfAsked(request);
                await responses.WriteAsync(new EchoResponse { Text = request.Text, Payload = request.Payload, Index = index++ }, context.CancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            _cancelled.TrySetResult();
            throw;
        }
    }

    private async Task DelayAsync(EchoRequest request, ServerCallContext context)
    {
        if (request.DelayMs <= 0)
        {
            return;
        }

        try
        {
            await Task.Delay(request.DelayMs, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            _cancelled.TrySetResult();
            throw;
        }
    }

    private static void FailIfAsked(EchoRequest request)
    {
        if (request.FailWithCode != 0)
        {
            throw new RpcException((StatusCode)request.FailWithCode, request.FailMessage);
        }
    }
}
