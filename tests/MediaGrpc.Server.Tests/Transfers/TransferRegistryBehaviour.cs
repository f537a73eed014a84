using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Transfers;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>
/// What the tracker relies on from any transfer registry: the per-owner limit, slots given
/// back on end and on lapsed heartbeats, one writer lease per upload, reads, events in
/// order, control delivery. Run on the in-process registry and on Redis: one server, a
/// 3-master Cluster and a Sentinel set.
/// </summary>
/// <remarks>
/// A writer lease belongs to the upload's owner: only the owner may stream an upload, which
/// UploadStarter checks before a transfer begins, so another owner never reaches the registry
/// with that upload ID.
/// </remarks>
public abstract class TransferRegistryBehaviour
{
    // Long enough that a loaded 2-core machine registers and reads back within one heartbeat:
    // at 1 s, a fresh CI clone once read a record back after it had lapsed.
    protected static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    internal abstract Task<ITransferRegistry> CreateAsync();

    /// <summary>Lets every heartbeat taken so far lapse.</summary>
    protected abstract Task LetHeartbeatsLapseAsync();

    [Fact(Timeout = TestData.Timeout)]
    public async Task Owner_gets_slots_up_to_the_limit_and_the_next_is_refused()
    {
        await using var registry = await CreateAsync();
        var owner = NewOwner();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(Record(owner), 3, default));
        }

        Assert.Equal(TransferBeginOutcome.OwnerAtLimit, await registry.BeginAsync(Record(owner), 3, default));
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(Record(NewOwner()), 3, default));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Ended_transfer_gives_its_slot_back_and_stays_readable()
    {
        await using var registry = await CreateAsync();
        var owner = NewOwner();
        var first = Record(owner);
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(first, 1, default));
        Assert.Equal(TransferBeginOutcome.OwnerAtLimit, await registry.BeginAsync(Record(owner), 1, default));

        await registry.EndAsync(With(first, TransferState.Completed, 1), default);

        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(Record(owner), 1, default));
        var ended = await registry.GetAsync(first.Owner, first.TransferId, default);
        Assert.Equal(TransferState.Completed, ended!.Transfer.State);
        Assert.Equal(1, ended.Sequence);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Lapsed_heartbeat_frees_the_slot_and_forgets_the_transfer()
    {
        await using var registry = await CreateAsync();
        var owner = NewOwner();
        var crashed = Record(owner);
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(crashed, 1, default));

        await LetHeartbeatsLapseAsync();

        Assert.Null(await registry.GetAsync(crashed.Owner, crashed.TransferId, default));
        Assert.Empty(await registry.ListAsync(owner, default));
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(Record(owner), 1, default));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Refresh_keeps_a_transfer_alive_and_registers_a_lost_one_again()
    {
        await using var registry = await CreateAsync();
        var owner = NewOwner();
        var running = Record(owner);
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(running, 1, default));
        await LetHeartbeatsLapseAsync();

        await registry.RefreshAsync([With(running, TransferState.Active, 4)], default);

        var back = await registry.GetAsync(running.Owner, running.TransferId, default);
        Assert.Equal(4, back!.Sequence);
        Assert.Single(await registry.ListAsync(owner, default));
        Assert.Equal(TransferBeginOutcome.OwnerAtLimit, await registry.BeginAsync(Record(owner), 1, default));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Refresh_does_not_revive_an_ended_transfer()
    {
        await using var registry = await CreateAsync();
        var owner = NewOwner();
        var record = Record(owner);
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(record, 1, default));
        await registry.EndAsync(With(record, TransferState.Cancelled, 2), default);

        await registry.RefreshAsync([With(record, TransferState.Active, 1)], default);

        Assert.Equal(TransferState.Cancelled, (await registry.GetAsync(record.Owner, record.TransferId, default))!.Transfer.State);
        Assert.Empty(await registry.ListAsync(owner, default));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task List_returns_only_the_owners_running_transfers()
    {
        await using var registry = await CreateAsync();
        var owner = NewOwner();
        var running = Record(owner);
        var ended = Record(owner);
        await registry.BeginAsync(running, 9, default);
        await registry.BeginAsync(ended, 9, default);
        await registry.BeginAsync(Record(NewOwner()), 9, default);
        await registry.EndAsync(With(ended, TransferState.Failed, 1), default);

        var listed = await registry.ListAsync(owner, default);

        Assert.Equal(running.TransferId, Assert.Single(listed).TransferId);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Second_writer_of_an_upload_is_refused_and_takes_no_slot()
    {
        await using var registry = await CreateAsync();
        var owner = NewOwner();
        var uploadId = NewId();
        var first = UploadRecord(owner, uploadId);
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(first, 2, default));

        Assert.Equal(TransferBeginOutcome.WriterBusy, await registry.BeginAsync(UploadRecord(owner, uploadId), 2, default));
        Assert.Empty(await registry.RefreshAsync([With(first, TransferState.Active, 1)], default));
        Assert.Equal(TransferBeginOutcome.WriterBusy, await registry.BeginAsync(UploadRecord(owner, uploadId), 2, default));

        // The refused ones hold nothing: the owner's second slot is still free.
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(UploadRecord(owner, NewId()), 2, default));
        Assert.Equal(TransferState.Active, (await registry.GetAsync(first.Owner, first.TransferId, default))!.Transfer.State);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Ended_writer_releases_the_lease_to_the_next_writer()
    {
        await using var registry = await CreateAsync();
        var owner = NewOwner();
        var uploadId = NewId();
        var first = UploadRecord(owner, uploadId);
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(first, 9, default));

        await registry.EndAsync(With(first, TransferState.Cancelled, 1), default);

        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(UploadRecord(owner, uploadId), 9, default));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Lapsed_heartbeat_frees_the_writer_lease()
    {
        await using var registry = await CreateAsync();
        var owner = NewOwner();
        var uploadId = NewId();
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(UploadRecord(owner, uploadId), 9, default));

        await LetHeartbeatsLapseAsync();

        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(UploadRecord(owner, uploadId), 9, default));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Refresh_takes_back_a_lapsed_writer_lease_that_nobody_took()
    {
        await using var registry = await CreateAsync();
        var owner = NewOwner();
        var uploadId = NewId();
        var running = UploadRecord(owner, uploadId);
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(running, 9, default));
        await LetHeartbeatsLapseAsync();

        Assert.Empty(await registry.RefreshAsync([With(running, TransferState.Active, 2)], default));

        Assert.Equal(TransferBeginOutcome.WriterBusy, await registry.BeginAsync(UploadRecord(owner, uploadId), 9, default));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Writer_lease_held_by_a_call_refuses_writers_until_released_and_is_refused_while_a_writer_runs()
    {
        await using var registry = await CreateAsync();
        var owner = NewOwner();
        var uploadId = NewId();

        Assert.True(await registry.TryHoldWriterLeaseAsync(owner, uploadId, "call-a", default));
        Assert.Equal(TransferBeginOutcome.WriterBusy, await registry.BeginAsync(UploadRecord(owner, uploadId), 9, default));
        Assert.False(await registry.TryHoldWriterLeaseAsync(owner, uploadId, "call-b", default));
        await registry.ReleaseWriterLeaseAsync(owner, uploadId, "call-b", default);
        Assert.Equal(TransferBeginOutcome.WriterBusy, await registry.BeginAsync(UploadRecord(owner, uploadId), 9, default));

        await registry.ReleaseWriterLeaseAsync(owner, uploadId, "call-a", default);
        var writer = UploadRecord(owner, uploadId);
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(writer, 9, default));
        Assert.False(await registry.TryHoldWriterLeaseAsync(owner, uploadId, "call-c", default));

        await registry.EndAsync(With(writer, TransferState.Completed, 2), default);
        Assert.True(await registry.TryHoldWriterLeaseAsync(owner, uploadId, "call-c", default));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Writer_whose_lease_passed_on_can_neither_take_it_back_nor_release_it()
    {
        await using var registry = await CreateAsync();
        var owner = NewOwner();
        var uploadId = NewId();
        var stale = UploadRecord(owner, uploadId);
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(stale, 9, default));
        await LetHeartbeatsLapseAsync();
        var holder = UploadRecord(owner, uploadId);
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(holder, 9, default));

        var lost = await registry.RefreshAsync([With(stale, TransferState.Active, 1), With(holder, TransferState.Active, 1)], default);
        await registry.EndAsync(With(stale, TransferState.Cancelled, 2), default);

        Assert.Equal(stale.TransferId, Assert.Single(lost));
        Assert.Equal(TransferBeginOutcome.WriterBusy, await registry.BeginAsync(UploadRecord(owner, uploadId), 9, default));
        await registry.EndAsync(With(holder, TransferState.Completed, 2), default);
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(UploadRecord(owner, uploadId), 9, default));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Watcher_receives_published_events_in_order_until_it_stops_watching()
    {
        await using var registry = await CreateAsync();
        var id = NewId();
        var received = Channel.CreateUnbounded<TransferProgress>();
        var watch = await registry.WatchAsync(id, p => received.Writer.TryWrite(p), () => { }, default);
        for (var sequence = 1; sequence <= 5; sequence++)
        {
            await registry.PublishAsync(new TransferProgress { TransferId = id, Sequence = sequence, BytesDone = sequence * 10 }, default);
        }

        for (var sequence = 1; sequence <= 5; sequence++)
        {
            Assert.Equal(sequence, (await received.Reader.ReadAsync()).Sequence);
        }

        await watch.DisposeAsync();
        await registry.PublishAsync(new TransferProgress { TransferId = id, Sequence = 6 }, default);
        var other = NewId();
        await using var marker = await registry.WatchAsync(other, p => received.Writer.TryWrite(p), () => { }, default);
        await registry.PublishAsync(new TransferProgress { TransferId = other, Sequence = 1 }, default);
        Assert.Equal(other, (await received.Reader.ReadAsync()).TransferId);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Control_reaches_the_replica_that_listens_and_nobody_else()
    {
        await using var registry = await CreateAsync();
        var replica = "replica-" + NewId();
        var received = new TaskCompletionSource<TransferControlMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await registry.ListenForControlAsync(replica, m => received.TrySetResult(m), default);

        Assert.True(await registry.SendControlAsync(replica, new TransferControlMessage("t1", TransferControl.Pause), default));
        Assert.False(await registry.SendControlAsync("replica-that-died", new TransferControlMessage("t1", TransferControl.Cancel), default));

        Assert.Equal(new TransferControlMessage("t1", TransferControl.Pause), await received.Task);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Transfer_is_found_only_under_its_owner()
    {
        await using var registry = await CreateAsync();
        var record = Record(NewOwner());
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(record, 1, default));

        Assert.NotNull(await registry.GetAsync(record.Owner, record.TransferId, default));
        Assert.Null(await registry.GetAsync(NewOwner(), record.TransferId, default));
    }

    [Theory(Timeout = TestData.Timeout)]
    [InlineData("}{odd}")]
    [InlineData("{")]
    [InlineData("a}b{c}%7D")]
    [InlineData("")]
    public async Task Owner_with_braces_in_its_name_gets_the_limit_lease_and_list(string name)
    {
        // Braces would shape a Redis Cluster hash tag; the owner's keys must still share one slot.
        await using var registry = await CreateAsync();
        var owner = name;
        var upload = UploadRecord(owner, NewId());
        Assert.Equal(TransferBeginOutcome.Registered, await registry.BeginAsync(upload, 1, default));
        Assert.Equal(TransferBeginOutcome.OwnerAtLimit, await registry.BeginAsync(Record(owner), 1, default));
        Assert.True(await registry.TryHoldWriterLeaseAsync(owner, NewId(), "call", default));

        Assert.Empty(await registry.RefreshAsync([With(upload, TransferState.Active, 1)], default));
        Assert.Equal(upload.TransferId, Assert.Single(await registry.ListAsync(owner, default)).TransferId);
        await registry.EndAsync(With(upload, TransferState.Completed, 2), default);
        Assert.Equal(TransferState.Completed, (await registry.GetAsync(owner, upload.TransferId, default))!.Transfer.State);
    }

    private static string NewId() => Media.RandomId.New();

    private static string NewOwner() => "owner-" + NewId();

    private static TransferRecord Record(string owner) => new(
        new Transfer
        {
            TransferId = NewId(),
            Owner = owner,
            Kind = TransferKind.Download,
            MediaId = NewId(),
            State = TransferState.Active,
            Replica = "a",
            TotalBytes = 100,
            CreateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        },
        0);

    private static TransferRecord UploadRecord(string owner, string uploadId)
    {
        var transfer = Record(owner).Transfer;
        transfer.Kind = TransferKind.Upload;
        transfer.MediaId = string.Empty;
        transfer.UploadId = uploadId;
        return new TransferRecord(transfer, 0);
    }

    private static TransferRecord With(TransferRecord record, TransferState state, long sequence)
    {
        var transfer = record.Transfer.Clone();
        transfer.State = state;
        return new TransferRecord(transfer, sequence);
    }
}
