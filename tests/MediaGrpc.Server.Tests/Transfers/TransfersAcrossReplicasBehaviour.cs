using System.Diagnostics;
using Google.Protobuf;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>
/// Transfers seen and controlled across replicas: replica A (its own process) and B (this
/// process) share Redis and Azurite. A client on B watches, cancels, pauses and resumes what
/// runs on A; the per-owner limit counts both; one writer per upload across both; a killed
/// replica's slots come back. Run on one redis-server and on a Redis Cluster.
/// </summary>
public abstract class TransfersAcrossReplicasBehaviour(ReplicaPairFixture fixture)
{
    private const int Block = 64 * 1024;

    [Fact(Timeout = TestData.Timeout)]
    public async Task Watch_on_B_sees_an_upload_on_A_progress_in_order_and_end_completed()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cancellation.Token;
        using var a = GrpcChannel.ForAddress(fixture.AddressA);
        using var b = fixture.B.CreateChannel();
        var content = TestData.Bytes(6 * Block, seed: 61);
        var upload = await StartUploadAsync(a, "watcher", content.Length, ct);
        using var call = upload.Call;

        using var watch = b.ServerStreaming(TransferMethods.Watch, new WatchTransferRequest { TransferId = upload.TransferId }, ReplicaPairFixture.As("watcher", ct));
        Assert.True(await watch.ResponseStream.MoveNext(ct));
        var first = watch.ResponseStream.Current;
        var rest = ReadAllAsync(watch.ResponseStream, ct);
        for (var offset = 0; offset < content.Length; offset += Block)
        {
            await SendChunkAsync(call, content, offset, Block, ct);
            await Task.Delay(80, ct);
        }

        await call.RequestStream.WriteAsync(new UploadRequest { Finish = new UploadFinish() }, ct);
        Assert.True(await call.ResponseStream.MoveNext(ct));
        Assert.Equal(UploadResponse.MessageOneofCase.Completed, call.ResponseStream.Current.MessageCase);
        await call.RequestStream.CompleteAsync();
        var events = await rest;

        Assert.Equal(TransferState.Active, first.Snapshot.State);
        Assert.Equal("A", first.Snapshot.Replica);
        var progress = events.Where(e => e.EventCase == WatchTransferResponse.EventOneofCase.Progress).Select(e => e.Progress).ToList();
        Assert.True(progress.Zip(progress.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence), "Events arrived out of order.");
        Assert.True(progress.Count(p => p.BytesDone > 0 && p.BytesDone < content.Length) >= 3, $"Too few progress events: {progress.Count}.");
        var last = progress[^1];
        Assert.Equal(TransferState.Completed, last.State);
        Assert.Equal(content.Length, last.BytesDone);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Cancel_from_B_ends_the_upload_stream_on_A_with_CANCELLED()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cancellation.Token;
        using var a = GrpcChannel.ForAddress(fixture.AddressA);
        using var b = fixture.B.CreateChannel();
        var content = TestData.Bytes(4 * Block, seed: 62);
        var upload = await StartUploadAsync(a, "canceller", content.Length, ct);
        using var call = upload.Call;
        await SendChunkAsync(call, content, 0, Block, ct);

        var cancelled = await b.UnaryAsync(TransferMethods.Cancel, new CancelTransferRequest { TransferId = upload.TransferId }, ReplicaPairFixture.As("canceller", ct));

        Assert.Equal(TransferState.Cancelled, cancelled.Transfer.State);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await ReadAllAsync(call.ResponseStream, ct));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        var detail = Assert.Single(error.Details(), d => d.Is(TransferCancelled.Descriptor)).Unpack<TransferCancelled>();
        Assert.Equal(upload.TransferId, detail.TransferId);
        await TestData.FailsWith(
            StatusCode.FailedPrecondition,
            () => b.UnaryAsync(TransferMethods.Cancel, new CancelTransferRequest { TransferId = upload.TransferId }, ReplicaPairFixture.As("canceller", ct)));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Pause_and_resume_from_B_act_on_a_download_on_A()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cancellation.Token;
        var content = TestData.Bytes(2 * 1024 * 1024, seed: 63);
        using var b = fixture.B.CreateChannel();
        var media = await new MediaGrpcClient(b, new MediaGrpcClientOptions { ApiKey = ReplicaPairFixture.KeyOf("pauser") })
            .UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "clip.bin" }, cancellationToken: ct);

        // A small receive window stalls A's sends until the client reads: the download stays open.
        using var a = GrpcChannel.ForAddress(fixture.AddressA, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { InitialHttp2StreamWindowSize = 65_535 } });
        using var download = a.DuplexStreaming(ContractMethods.Download, ReplicaPairFixture.As("pauser", ct));
        await download.RequestStream.WriteAsync(new DownloadRequest { Open = new DownloadOpen { MediaId = media.Media.MediaId, ChunkSize = 16 * 1024 } }, ct);
        Assert.True(await download.ResponseStream.MoveNext(ct));
        var transferId = download.ResponseStream.Current.Header.TransferId;

        var paused = await b.UnaryAsync(TransferMethods.Pause, new PauseTransferRequest { TransferId = transferId }, ReplicaPairFixture.As("pauser", ct));
        Assert.Equal(TransferState.Paused, paused.Transfer.State);
        long received = 0;
        while (await download.ResponseStream.MoveNext(ct) && download.ResponseStream.Current.MessageCase != DownloadResponse.MessageOneofCase.Paused)
        {
            Assert.Equal(DownloadResponse.MessageOneofCase.Chunk, download.ResponseStream.Current.MessageCase);
            received += download.ResponseStream.Current.Chunk.Data.Length;
        }

        Assert.True(received < content.Length, "The download finished before the pause reached it.");
        var resumed = await b.UnaryAsync(TransferMethods.Resume, new ResumeTransferRequest { TransferId = transferId }, ReplicaPairFixture.As("pauser", ct));
        Assert.Equal(TransferState.Active, resumed.Transfer.State);
        var completed = false;
        while (!completed && await download.ResponseStream.MoveNext(ct))
        {
            var response = download.ResponseStream.Current;
            received += response.MessageCase == DownloadResponse.MessageOneofCase.Chunk ? response.Chunk.Data.Length : 0;
            completed = response.MessageCase == DownloadResponse.MessageOneofCase.Completed;
        }

        await download.RequestStream.CompleteAsync();
        Assert.True(completed);
        Assert.Equal(content.Length, received);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Upload_started_on_A_resumes_on_B()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cancellation.Token;
        using var a = GrpcChannel.ForAddress(fixture.AddressA);
        using var b = fixture.B.CreateChannel();
        var content = TestData.Bytes(5 * Block, seed: 64);
        var upload = await StartUploadAsync(a, "resumer", content.Length, ct);
        using (var call = upload.Call)
        {
            for (var offset = 0; offset < 3 * Block; offset += Block)
            {
                await SendChunkAsync(call, content, offset, Block, ct);
            }

            await call.RequestStream.CompleteAsync();
            await ReadAllAsync(call.ResponseStream, ct);
        }

        var client = new MediaGrpcClient(b, new MediaGrpcClientOptions { ApiKey = ReplicaPairFixture.KeyOf("resumer") });
        var resumed = await client.ResumeUploadAsync(upload.UploadId, new MemoryStream(content), cancellationToken: ct);

        Assert.Equal(TestData.Sha256(content), resumed.Media.Sha256);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Second_writer_of_an_upload_on_another_replica_is_aborted()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cancellation.Token;
        using var a = GrpcChannel.ForAddress(fixture.AddressA);
        using var b = fixture.B.CreateChannel();
        var content = TestData.Bytes(4 * Block, seed: 65);
        var upload = await StartUploadAsync(a, "writer", content.Length, ct);
        using var call = upload.Call;
        await SendChunkAsync(call, content, 0, Block, ct);
        await SendChunkAsync(call, content, Block, Block, ct);

        var refused = await TryToWriteAsync(b, upload.UploadId, ct);
        for (var offset = 2 * Block; offset < content.Length; offset += Block)
        {
            await SendChunkAsync(call, content, offset, Block, ct);
        }

        var media = await FinishAsync(call, ct);

        Assert.Contains("Another stream is writing upload", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(TestData.Sha256(content), media.Sha256);
        using var downloaded = new MemoryStream();
        await new MediaGrpcClient(b, new MediaGrpcClientOptions { ApiKey = ReplicaPairFixture.KeyOf("writer") }).DownloadAsync(media.MediaId, downloaded, cancellationToken: ct);
        Assert.Equal(TestData.Sha256(content), TestData.Sha256(downloaded.ToArray()));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Abort_on_another_replica_while_A_writes_the_upload_is_aborted_and_A_completes()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cancellation.Token;
        using var a = GrpcChannel.ForAddress(fixture.AddressA);
        using var b = fixture.B.CreateChannel();
        var content = TestData.Bytes(3 * Block, seed: 67);
        var upload = await StartUploadAsync(a, "writer", content.Length, ct);
        using var call = upload.Call;
        await SendChunkAsync(call, content, 0, Block, ct);

        var onB = new MediaGrpcClient(b, new MediaGrpcClientOptions { ApiKey = ReplicaPairFixture.KeyOf("writer") });
        await TestData.FailsWith(StatusCode.Aborted, () => onB.AbortUploadAsync(upload.UploadId, ct));

        for (var offset = Block; offset < content.Length; offset += Block)
        {
            await SendChunkAsync(call, content, offset, Block, ct);
        }

        var media = await FinishAsync(call, ct);
        Assert.Equal(TestData.Sha256(content), media.Sha256);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Upload_refused_on_B_while_A_writes_it_resumes_on_B_once_A_stream_is_cut()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cancellation.Token;
        using var a = GrpcChannel.ForAddress(fixture.AddressA);
        using var b = fixture.B.CreateChannel();
        var content = TestData.Bytes(5 * Block, seed: 66);
        var upload = await StartUploadAsync(a, "writer", content.Length, ct);
        using (var call = upload.Call)
        {
            for (var offset = 0; offset < 3 * Block; offset += Block)
            {
                await SendChunkAsync(call, content, offset, Block, ct);
            }

            await TryToWriteAsync(b, upload.UploadId, ct);

            // The client goes away without a word (RST_STREAM): A ends the stream and its lease.
        }

        var client = new MediaGrpcClient(b, new MediaGrpcClientOptions { ApiKey = ReplicaPairFixture.KeyOf("writer") });
        var resumed = await client.ResumeUploadAsync(upload.UploadId, new MemoryStream(content), cancellationToken: ct);

        Assert.Equal(TestData.Sha256(content), resumed.Media.Sha256);
        Assert.Equal(content.Length, resumed.Media.Size);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Nine_transfers_run_across_both_replicas_and_the_tenth_is_refused()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cancellation.Token;
        using var a = GrpcChannel.ForAddress(fixture.AddressA);
        using var b = fixture.B.CreateChannel();
        var running = new List<IDisposable>();
        try
        {
            for (var i = 0; i < 9; i++)
            {
                running.Add((await StartUploadAsync(i % 2 == 0 ? a : b, "limited", Block, ct)).Call);
            }

            foreach (var replica in new[] { a, b })
            {
                var refused = await Assert.ThrowsAsync<RpcException>(() => StartUploadAsync(replica, "limited", Block, ct));
                Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
                Assert.Contains("max_concurrent_transfers", refused.Status.Detail, StringComparison.Ordinal);
            }

            // Ending one (the client goes away) gives its slot back.
            running[0].Dispose();
            running.RemoveAt(0);
            running.Add((await EventuallyStartUploadAsync(b, "limited", ct)).Call);
        }
        finally
        {
            running.ForEach(c => c.Dispose());
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Another_owners_transfer_is_not_found_for_get_watch_and_control()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cancellation.Token;
        using var a = GrpcChannel.ForAddress(fixture.AddressA);
        using var b = fixture.B.CreateChannel();
        var upload = await StartUploadAsync(a, "pauser", Block, ct);
        using var call = upload.Call;
        var id = upload.TransferId;
        var stranger = ReplicaPairFixture.As("stranger", ct);

        await TestData.FailsWith(StatusCode.NotFound, () => b.UnaryAsync(TransferMethods.Get, new GetTransferRequest { TransferId = id }, stranger));
        await TestData.FailsWith(StatusCode.NotFound, () => b.UnaryAsync(TransferMethods.Cancel, new CancelTransferRequest { TransferId = id }, stranger));
        await TestData.FailsWith(StatusCode.NotFound, () => b.UnaryAsync(TransferMethods.Pause, new PauseTransferRequest { TransferId = id }, stranger));
        await TestData.FailsWith(StatusCode.NotFound, () => b.UnaryAsync(TransferMethods.Resume, new ResumeTransferRequest { TransferId = id }, stranger));
        await TestData.FailsWith(StatusCode.NotFound, async () =>
        {
            using var watch = b.ServerStreaming(TransferMethods.Watch, new WatchTransferRequest { TransferId = id }, stranger);
            await watch.ResponseStream.MoveNext(ct);
        });
        var own = await b.UnaryAsync(TransferMethods.Get, new GetTransferRequest { TransferId = id }, ReplicaPairFixture.As("pauser", ct));
        Assert.Equal(TransferKind.Upload, own.Transfer.Kind);
        Assert.Empty((await b.UnaryAsync(TransferMethods.List, new ListTransfersRequest(), stranger)).Transfers);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Slot_of_a_killed_replica_frees_within_the_heartbeat_ttl()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var ct = cancellation.Token;
        await using var c = await fixture.StartProcessAsync("C", ct);
        using var onC = GrpcChannel.ForAddress(c.Address);
        using var b = fixture.B.CreateChannel();
        var running = new List<IDisposable> { (await StartUploadAsync(onC, "crashed", Block, ct)).Call };
        var doomed = (AsyncDuplexStreamingCall<UploadRequest, UploadResponse>)running[0];
        try
        {
            for (var i = 0; i < 8; i++)
            {
                running.Add((await StartUploadAsync(b, "crashed", Block, ct)).Call);
            }

            var list = await b.UnaryAsync(TransferMethods.List, new ListTransfersRequest(), ReplicaPairFixture.As("crashed", ct));
            Assert.Equal(9, list.Transfers.Count);
            await TestData.FailsWith(StatusCode.ResourceExhausted, () => StartUploadAsync(b, "crashed", Block, ct));

            await c.KillAsync();

            // Once the TTL (and a margin for the last heartbeat's write) has passed since the
            // kill, the slot must be free: one attempt then, with no retries, so how long an
            // attempt takes on a busy machine does not count against the bound.
            await Task.Delay(ReplicaPairFixture.HeartbeatTtl + TimeSpan.FromMilliseconds(500), ct);
            running.Add((await StartUploadAsync(b, "crashed", Block, ct)).Call);
        }
        finally
        {
            running.ForEach(r => r.Dispose());
        }
    }

    private static async Task<UploadStream> EventuallyStartUploadAsync(GrpcChannel channel, string owner, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await StartUploadAsync(channel, owner, Block, ct);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                await Task.Delay(50, ct);
            }
        }
    }

    private static async Task<UploadStream> StartUploadAsync(GrpcChannel channel, string owner, long declaredSize, CancellationToken ct)
    {
        var call = channel.DuplexStreaming(ContractMethods.Upload, ReplicaPairFixture.As(owner, ct));
        try
        {
            var start = new UploadStart { Media = new MediaSpec { DisplayName = "part.bin", DeclaredSize = declaredSize } };
            await call.RequestStream.WriteAsync(new UploadRequest { Start = start }, ct);
            Assert.True(await call.ResponseStream.MoveNext(ct));
            var accepted = call.ResponseStream.Current.Accepted;
            return new UploadStream(call, accepted.TransferId, accepted.UploadId);
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    // Opens the upload on a replica that does not hold it: the call must end ABORTED without
    // accepting the upload, so it never reached the loop that writes chunks. (No chunk is
    // sent after the start: a write racing the call's end would fail with the client's own
    // error instead of the call's status.)
    private static async Task<RpcException> TryToWriteAsync(GrpcChannel channel, string uploadId, CancellationToken ct)
    {
        using var intruder = channel.DuplexStreaming(ContractMethods.Upload, ReplicaPairFixture.As("writer", ct));
        return await TestData.FailsWith(StatusCode.Aborted, async () =>
        {
            await intruder.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { UploadId = uploadId } }, ct);
            while (await intruder.ResponseStream.MoveNext(ct))
            {
                Assert.Fail($"The second writer got {intruder.ResponseStream.Current.MessageCase}.");
            }
        });
    }

    /// <summary>Sends finish and returns the completed media (the next message, after the last ack was read).</summary>
    private static async Task<MediaRecord> FinishAsync(AsyncDuplexStreamingCall<UploadRequest, UploadResponse> call, CancellationToken ct)
    {
        await call.RequestStream.WriteAsync(new UploadRequest { Finish = new UploadFinish() }, ct);
        Assert.True(await call.ResponseStream.MoveNext(ct));
        var media = call.ResponseStream.Current.Completed.Media;
        await call.RequestStream.CompleteAsync();
        return media;
    }

    private static async Task SendChunkAsync(AsyncDuplexStreamingCall<UploadRequest, UploadResponse> call, byte[] content, int offset, int length, CancellationToken ct)
    {
        var chunk = new UploadChunk { Offset = offset, Data = ByteString.CopyFrom(content, offset, length) };
        await call.RequestStream.WriteAsync(new UploadRequest { Chunk = chunk }, ct);
        Assert.True(await call.ResponseStream.MoveNext(ct));
        Assert.Equal(UploadResponse.MessageOneofCase.Ack, call.ResponseStream.Current.MessageCase);
    }

    private static async Task<List<T>> ReadAllAsync<T>(IAsyncStreamReader<T> reader, CancellationToken ct)
    {
        var all = new List<T>();
        while (await reader.MoveNext(ct))
        {
            all.Add(reader.Current);
        }

        return all;
    }

    private sealed record UploadStream(AsyncDuplexStreamingCall<UploadRequest, UploadResponse> Call, string TransferId, string UploadId);
}
