using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Interop.Tests.Echo;
using MediaGrpc.Testing;

namespace MediaGrpc.Interop.Tests.Server;

/// <summary>
/// mediagrpc.testing.EchoService on Grpc.AspNetCore, behaving as echo.proto describes, and
/// recording what the tests need to observe from the server side (cancellations).
/// </summary>
internal sealed class TestEchoService : EchoService.EchoServiceBase
{
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);


    private long _streamedBytes;

    /// <summary>Payload bytes whose server-stream writes have completed, over all calls.</summary>
    public long StreamedBytes => Interlocked.Read(ref _streamedBytes);

    /// <summary>Completes when a handler saw its call cancelled (or its request stream reset).</summary>
    public Task HandlerSawCancellation => _cancelled.Task;


    public override async Task<EchoResponse> Unary(EchoRequest request, ServerCallContext context)
    {
        await DelayAsync(request, context);
        FailIfAsked(request);
        return new EchoResponse { Text = request.Text, Payload = request.Payload };
    }

    public override async Task ServerStream(EchoRequest request, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
    {
        for (var i = 0; i < request.Count; i++)
        {
            await responseStream.WriteAsync(new EchoResponse { Text = request.Text, Payload = request.Payload, Index = i }, context.CancellationToken);
            Interlocked.Add(ref _streamedBytes, request.Payload.Length);
        }

        await DelayAsync(request, context);
        FailIfAsked(request);
    }

    public override async Task<EchoResponse> ClientStream(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        var texts = new List<string>();
        using var payload = new MemoryStream();
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            texts.Add(requestStream.Current.Text);
            requestStream.Current.Payload.WriteTo(payload);
        }

        return new EchoResponse { Text = string.Join(',', texts), Payload = ByteString.CopyFrom(payload.ToArray()) };
    }

    public override async Task Duplex(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
    {
        var index = 0;
        try
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                var request = requestStream.Current;
                await DelayAsync(request, context);
                FailIfAsked(request);
                await responseStream.WriteAsync(new EchoResponse { Text = request.Text, Payload = request.Payload, Index = index++ }, context.CancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
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
            throw new RpcException(new Status((StatusCode)request.FailWithCode, request.FailMessage));
        }
    }
}
