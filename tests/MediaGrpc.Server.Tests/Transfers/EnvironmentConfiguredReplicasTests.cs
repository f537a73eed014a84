using Google.Protobuf;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>
/// The README's deployment: two server processes configured by nothing but environment
/// variables (<c>Transfers__Provider=Redis</c>, <c>Transfers__Redis__Configuration=</c> the
/// three cluster masters, and the shared storage) share the per-owner limit, watch and cancel.
/// </summary>
[Collection(RedisClusterFixture.CollectionName)]
public sealed class EnvironmentConfiguredReplicasTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private const int Block = 64 * 1024;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mediagrpc-env-" + Guid.NewGuid().ToString("N"));
    private ServerProcess? _a;
    private ServerProcess? _b;

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["Transfers__Provider"] = "Redis",
            ["Transfers__Redis__Configuration"] = cluster.Configuration,
            ["Storage__LocalDisk__RootPath"] = _root,
            ["Media__BlockSize"] = Block.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        _a = await ServerProcess.StartWithEnvironmentAsync(FreePort.Next(), AppContext.BaseDirectory, environment);
        _b = await ServerProcess.StartWithEnvironmentAsync(FreePort.Next(), AppContext.BaseDirectory, environment);
    }

    public async Task DisposeAsync()
    {
        foreach (var server in new[] { _a, _b })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Replicas_configured_by_environment_share_the_limit_watch_and_cancel()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var ct = cancellation.Token;
        using var a = GrpcChannel.ForAddress(_a!.Address);
        using var b = GrpcChannel.ForAddress(_b!.Address);
        var running = new List<AsyncDuplexStreamingCall<UploadRequest, UploadResponse>>();
        try
        {
            // The default limit of 9 counts streams on both replicas.
            for (var i = 0; i < 9; i++)
            {
                running.Add((await StartUploadAsync(i % 2 == 0 ? a : b, ct)).Call);
            }

            var refused = await Assert.ThrowsAsync<RpcException>(() => StartUploadAsync(b, ct));
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
            running.ForEach(call => call.Dispose());
            running.Clear();

            // An upload on A, watched and then cancelled from B.
            var (call, transferId) = await EventuallyStartUploadAsync(a, ct);
            running.Add(call);
            using var watch = b.ServerStreaming(TransferMethods.Watch, new WatchTransferRequest { TransferId = transferId }, new CallOptions(cancellationToken: ct));
            Assert.True(await watch.ResponseStream.MoveNext(ct));
            Assert.Equal(TransferState.Active, watch.ResponseStream.Current.Snapshot.State);
            await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = 0, Data = ByteString.CopyFrom(TestData.Bytes(Block, seed: 81)) } }, ct);
            Assert.True(await call.ResponseStream.MoveNext(ct));
            Assert.Equal(Block, call.ResponseStream.Current.Ack.PersistedOffset);

            var cancelled = await b.UnaryAsync(TransferMethods.Cancel, new CancelTransferRequest { TransferId = transferId }, new CallOptions(cancellationToken: ct));

            Assert.Equal(TransferState.Cancelled, cancelled.Transfer.State);
            var ended = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await call.ResponseStream.MoveNext(ct))
                {
                }
            });
            Assert.Equal(StatusCode.Cancelled, ended.StatusCode);
            var states = new List<TransferState>();
            while (await watch.ResponseStream.MoveNext(ct))
            {
                states.Add(watch.ResponseStream.Current.Progress.State);
            }

            Assert.Equal(TransferState.Cancelled, states[^1]);
        }
        finally
        {
            running.ForEach(call => call.Dispose());
        }
    }

    private static async Task<(AsyncDuplexStreamingCall<UploadRequest, UploadResponse> Call, string TransferId)> StartUploadAsync(GrpcChannel channel, CancellationToken ct)
    {
        var call = channel.DuplexStreaming(ContractMethods.Upload, new CallOptions(cancellationToken: ct));
        try
        {
            var start = new UploadStart { Media = new MediaSpec { DisplayName = "env.bin", DeclaredSize = 4 * Block } };
            await call.RequestStream.WriteAsync(new UploadRequest { Start = start }, ct);
            Assert.True(await call.ResponseStream.MoveNext(ct));
            return (call, call.ResponseStream.Current.Accepted.TransferId);
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    // Slots of the streams just disposed come back once their replica has ended them.
    private static async Task<(AsyncDuplexStreamingCall<UploadRequest, UploadResponse> Call, string TransferId)> EventuallyStartUploadAsync(GrpcChannel channel, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await StartUploadAsync(channel, ct);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                await Task.Delay(50, ct);
            }
        }
    }
}
