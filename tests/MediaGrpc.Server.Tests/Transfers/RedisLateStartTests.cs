using System.Globalization;
using Google.Protobuf;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>
/// Replicas that start while Redis is away serve anyway; once Redis comes up they share
/// the registry as if it had always been there: the control channel each subscribed to
/// while Redis was down is in place, so a cancel from one replica ends a stream on the other.
/// </summary>
public sealed class RedisLateStartTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mediagrpc-late-" + Guid.NewGuid().ToString("N"));
    private RedisServerInstance? _redis;
    private MediaServerHost? _a;
    private MediaServerHost? _b;

    public async Task InitializeAsync()
    {
        // Its port, then down: the replicas start against nothing.
        _redis = await RedisServerInstance.StartAsync();
        await _redis.KillAsync();
        _a = await MediaServerHost.StartAsync(Configuration("A"));
        _b = await MediaServerHost.StartAsync(Configuration("B"));
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { _a, _b })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Cancel_from_one_replica_reaches_a_stream_on_the_other_once_redis_comes_up()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var ct = cancellation.Token;
        await _redis!.RestartAsync(ct);
        using var a = _a!.CreateChannel();
        using var b = _b!.CreateChannel();

        // Until the multiplexer has reconnected, a stream may run unregistered; retry until B sees it.
        var (call, transferId) = await EventuallyRegisteredUploadAsync(a, b, ct);
        using (call)
        {
            await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = 0, Data = ByteString.CopyFromUtf8("late") } }, ct);

            var cancelled = await b.UnaryAsync(TransferMethods.Cancel, new CancelTransferRequest { TransferId = transferId }, new CallOptions(cancellationToken: ct));

            Assert.Equal(TransferState.Cancelled, cancelled.Transfer.State);
            var ended = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await call.ResponseStream.MoveNext(ct))
                {
                }
            });
            Assert.Equal(StatusCode.Cancelled, ended.StatusCode);
        }
    }

    private static async Task<(AsyncDuplexStreamingCall<UploadRequest, UploadResponse> Call, string TransferId)> EventuallyRegisteredUploadAsync(GrpcChannel a, GrpcChannel b, CancellationToken ct)
    {
        while (true)
        {
            var call = a.DuplexStreaming(ContractMethods.Upload, new CallOptions(cancellationToken: ct));
            await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "late.bin" } } }, ct);
            Assert.True(await call.ResponseStream.MoveNext(ct));
            var transferId = call.ResponseStream.Current.Accepted.TransferId;
            try
            {
                await b.UnaryAsync(TransferMethods.Get, new GetTransferRequest { TransferId = transferId }, new CallOptions(cancellationToken: ct));
                return (call, transferId);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.Unavailable)
            {
                call.Dispose();
                await Task.Delay(100, ct);
            }
        }
    }

    private Dictionary<string, string?> Configuration(string replica)
    {
        var configuration = MediaServerHost.LocalDisk(_root);
        configuration["Transfers:Provider"] = "Redis";
        configuration["Transfers:Redis:Configuration"] = _redis!.Endpoint + ",connectTimeout=300";
        configuration["Transfers:ReplicaName"] = replica;
        configuration["Transfers:HeartbeatTtl"] = "00:00:03";
        configuration["Transfers:HeartbeatInterval"] = "00:00:00.200";
        configuration["Media:BlockSize"] = (64 * 1024).ToString(CultureInfo.InvariantCulture);
        return configuration;
    }
}
