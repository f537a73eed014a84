using MediaGrpc.Testing;
using Google.Protobuf;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>The embedded default (in-process registry): limit, reads and control on one replica.</summary>
public sealed class EmbeddedTransfersTests : IAsyncLifetime
{
    private MediaServerHost _host = null!;

    public async Task InitializeAsync() => _host = await MediaServerHost.StartOnLocalDiskAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = TestData.Timeout)]
    public async Task Tenth_concurrent_transfer_is_refused_and_a_cancelled_one_frees_its_slot()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cancellation.Token;
        using var channel = _host.CreateChannel();
        var calls = new List<(AsyncDuplexStreamingCall<UploadRequest, UploadResponse> Call, string TransferId)>();
        try
        {
            for (var i = 0; i < 9; i++)
            {
                calls.Add(await StartAsync(channel, ct));
            }

            var listed = await channel.UnaryAsync(TransferMethods.List, new ListTransfersRequest { PageSize = 5 }, new CallOptions(cancellationToken: ct));
            Assert.Equal(5, listed.Transfers.Count);
            Assert.NotEmpty(listed.NextPageToken);
            var refused = await Assert.ThrowsAsync<RpcException>(() => StartAsync(channel, ct));
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);

            var cancelled = await channel.UnaryAsync(TransferMethods.Cancel, new CancelTransferRequest { TransferId = calls[0].TransferId }, new CallOptions(cancellationToken: ct));
            Assert.Equal(TransferState.Cancelled, cancelled.Transfer.State);
            // The last ack (the 5 bytes sent, persisted on the way out) may come before the status.
            var ended = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await calls[0].Call.ResponseStream.MoveNext(ct))
                {
                }
            });
            Assert.Equal(StatusCode.Cancelled, ended.StatusCode);
            calls.Add(await StartAsync(channel, ct));
            await TestData.FailsWith(
                StatusCode.FailedPrecondition,
                () => channel.UnaryAsync(TransferMethods.Pause, new PauseTransferRequest { TransferId = calls[1].TransferId }, new CallOptions(cancellationToken: ct)));
        }
        finally
        {
            calls.ForEach(c => c.Call.Dispose());
        }

        Assert.Empty(_host.LoggedErrors);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Upload_cancelled_while_its_client_sends_ends_with_the_TransferCancelled_status_and_keeps_every_acked_byte()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var ct = cancellation.Token;
        using var channel = _host.CreateChannel();
        var client = new MediaGrpcClient(channel);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var call = channel.DuplexStreaming(ContractMethods.Upload, new CallOptions(cancellationToken: ct));
            await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "cancelled.bin" } } }, ct);
            Assert.True(await call.ResponseStream.MoveNext(ct));
            var accepted = call.ResponseStream.Current.Accepted;
            using var sending = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var sender = SendUntilStoppedAsync(call.RequestStream, sending.Token);
            await Task.Delay(100, ct);

            // A write of the upload's acks is pending or due while the transfer is cancelled:
            // the client must still read the status, not a reset stream.
            await channel.UnaryAsync(TransferMethods.Cancel, new CancelTransferRequest { TransferId = accepted.TransferId }, new CallOptions(cancellationToken: ct));
            long acked = 0;
            var ended = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await call.ResponseStream.MoveNext(ct))
                {
                    acked = Math.Max(acked, call.ResponseStream.Current.Ack?.PersistedOffset ?? 0);
                }
            });
            await sending.CancelAsync();
            await sender;

            Assert.Equal(StatusCode.Cancelled, ended.StatusCode);
            var detail = Assert.Single(ended.Details(), d => d.Is(TransferCancelled.Descriptor)).Unpack<TransferCancelled>();
            Assert.Equal(accepted.TransferId, detail.TransferId);
            var status = await client.GetUploadStatusAsync(accepted.UploadId, ct);
            Assert.True(status.PersistedOffset >= acked, $"Acked {acked}, persisted {status.PersistedOffset}.");

            // What was persisted stays resumable (transfer.proto, CancelTransfer).
            var resumed = await client.ResumeUploadAsync(accepted.UploadId, new MemoryStream(new byte[status.PersistedOffset + 10_000]), cancellationToken: ct);
            Assert.Equal(status.PersistedOffset + 10_000, resumed.Media.Size);
        }

        Assert.Empty(_host.LoggedErrors);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Read_call_is_a_transfer_counted_against_the_limit_cancellable_and_not_pausable()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var ct = cancellation.Token;
        using var channel = _host.CreateChannel();
        var client = new Client.MediaGrpcClient(channel);

        // Larger than the flow-control windows and the read-ahead: the unread stream stays open.
        var media = await client.UploadAsync(new PatternStream(40L * 1024 * 1024), new MediaSpec { DisplayName = "big.bin" }, cancellationToken: ct);
        var uploads = new List<(AsyncDuplexStreamingCall<UploadRequest, UploadResponse> Call, string TransferId)>();
        using var read = channel.ServerStreaming(ContractMethods.Read, new ReadRequest { MediaId = media.Media.MediaId }, new CallOptions(cancellationToken: ct));
        try
        {
            var transferId = (await read.ResponseHeadersAsync).GetValue("mediagrpc-transfer-id");
            Assert.NotNull(transferId);
            Assert.True(await read.ResponseStream.MoveNext(ct));
            Assert.Equal(0, read.ResponseStream.Current.Offset);

            var transfer = (await channel.UnaryAsync(TransferMethods.Get, new GetTransferRequest { TransferId = transferId }, new CallOptions(cancellationToken: ct))).Transfer;
            Assert.Equal(TransferKind.Download, transfer.Kind);
            Assert.Equal(media.Media.MediaId, transfer.MediaId);
            Assert.False(transfer.Pausable);
            await TestData.FailsWith(
                StatusCode.FailedPrecondition,
                () => channel.UnaryAsync(TransferMethods.Pause, new PauseTransferRequest { TransferId = transferId }, new CallOptions(cancellationToken: ct)));

            // The Read holds one of the owner's nine slots.
            for (var i = 0; i < 8; i++)
            {
                uploads.Add(await StartAsync(channel, ct));
            }

            using var tenth = channel.ServerStreaming(ContractMethods.Read, new ReadRequest { MediaId = media.Media.MediaId }, new CallOptions(cancellationToken: ct));
            await TestData.FailsWith(StatusCode.ResourceExhausted, () => tenth.ResponseStream.MoveNext(ct));

            var cancelled = await channel.UnaryAsync(TransferMethods.Cancel, new CancelTransferRequest { TransferId = transferId }, new CallOptions(cancellationToken: ct));
            Assert.Equal(TransferState.Cancelled, cancelled.Transfer.State);
            var ended = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await read.ResponseStream.MoveNext(ct))
                {
                }
            });
            Assert.True(ended.StatusCode == StatusCode.Cancelled, ended.Status.ToString());
        }
        finally
        {
            uploads.ForEach(c => c.Call.Dispose());
        }

        Assert.Empty(_host.LoggedErrors);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Unknown_or_malformed_transfer_ids_are_not_found_or_invalid()
    {
        using var channel = _host.CreateChannel();
        await TestData.FailsWith(StatusCode.NotFound, () => channel.UnaryAsync(TransferMethods.Get, new GetTransferRequest { TransferId = Media.RandomId.New() }));
        await TestData.FailsWith(StatusCode.InvalidArgument, () => channel.UnaryAsync(TransferMethods.Get, new GetTransferRequest { TransferId = "nope" }));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Heartbeat_interval_not_below_the_ttl_is_refused_at_start_up()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => MediaServerHost.StartOnLocalDiskAsync(configuration =>
        {
            configuration["Transfers:HeartbeatTtl"] = "00:00:05";
            configuration["Transfers:HeartbeatInterval"] = "00:00:05";
        }));

        Assert.Contains("HeartbeatInterval", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Sends 64 KiB chunks in order until stopped or the stream refuses more.</summary>
    private static async Task SendUntilStoppedAsync(IClientStreamWriter<UploadRequest> requests, CancellationToken stop)
    {
        var data = ByteString.CopyFrom(new byte[64 * 1024]);
        long offset = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await requests.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = offset, Data = data } }, stop);
                offset += data.Length;
            }
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or InvalidOperationException)
        {
            // The call ended (the point of the test) or the test stopped sending.
        }
    }

    private static async Task<(AsyncDuplexStreamingCall<UploadRequest, UploadResponse>, string)> StartAsync(GrpcChannel channel, CancellationToken ct)
    {
        var call = channel.DuplexStreaming(ContractMethods.Upload, new CallOptions(cancellationToken: ct));
        try
        {
            await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "x.bin" } } }, ct);
            Assert.True(await call.ResponseStream.MoveNext(ct));
            await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Data = ByteString.CopyFromUtf8("hello") } }, ct);
            return (call, call.ResponseStream.Current.Accepted.TransferId);
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }
}
