using Google.Protobuf;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// Breakpoint resume under the worst interruptions: the client cancelling mid-stream and
/// the server killed with SIGKILL and restarted, at 20 random points of one upload (10 kills);
/// and, in the opt-in soak, 50 kills of one upload.
/// The rule checked after every cut: the persisted offset the server reports on resume
/// is never below any offset it acknowledged before, and the finished media is
/// byte-identical to the source.
/// </summary>
public sealed class KillAndResumeTests
{
    private const int Size = 64 * 1024 * 1024;
    private const int ChunkSize = 1024 * 1024;
    private const int Cuts = 20;

    [Fact(Timeout = 240_000)]
    public async Task Upload_cut_at_20_random_points_by_cancel_and_kill_completes_byte_identical()
    {
        var (cancels, kills) = await CutAndResumeAsync(Size, Cuts, seed: 2026, kill: attempt => attempt % 2 == 1);

        Assert.Equal((Cuts / 2, Cuts / 2), (cancels, kills));
    }

    /// <summary>The opt-in soak (README): 50 SIGKILLs of the server during one upload, each resumed.</summary>
    [Fact(Timeout = 900_000)]
    [Trait("Category", "Soak")]
    public async Task Upload_survives_50_server_kills_and_completes_byte_identical()
    {
        var (cancels, kills) = await CutAndResumeAsync(Size, cuts: 50, seed: 5050, kill: _ => true);

        Assert.Equal((0, 50), (cancels, kills));
    }

    /// <summary>
    /// Uploads <paramref name="size"/> bytes, cut at <paramref name="cuts"/> random points by a
    /// client cancel or, where <paramref name="kill"/> says so, a SIGKILL and restart of the
    /// server, resuming each time from the persisted offset the server reports. Checks that it
    /// never falls below an acknowledged offset and that the media comes back byte-identical.
    /// </summary>
    private static async Task<(int Cancels, int Kills)> CutAndResumeAsync(int size, int cuts, int seed, Func<int, bool> kill)
    {
        var content = TestData.Bytes(size, seed: 64);
        var random = new Random(seed);
        var cutPoints = Enumerable.Range(0, cuts).Select(_ => random.Next(1, size - (2 * ChunkSize))).Order().ToArray();
        var workingDirectory = Directory.CreateTempSubdirectory("mediagrpc-kill-").FullName;
        try
        {
            await using var server = await ServerProcess.StartAsync(FreePort.Next(), workingDirectory);
            string? uploadId = null;
            long acknowledged = 0;
            MediaRecord? media = null;
            var busyRetries = 0;
            var (cancels, kills) = (0, 0);
            for (var attempt = 0; media is null; attempt++)
            {
                Assert.True(attempt <= cuts, "The upload should finish after the last cut.");
                using var channel = GrpcChannel.ForAddress(server.Address);
                using var call = channel.DuplexStreaming(ContractMethods.Upload);
                UploadAccepted accepted;
                try
                {
                    accepted = await StartAsync(call, uploadId, size);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Aborted && ++busyRetries < 100)
                {
                    // The server is still closing the stream that was cut; try this resume again.
                    await Task.Delay(50);
                    attempt--;
                    continue;
                }

                uploadId = accepted.UploadId;

                // No acknowledged byte is ever lost: the server resumes at or past every ack it sent.
                Assert.True(accepted.PersistedOffset >= acknowledged, $"Resumed at {accepted.PersistedOffset}, below the acknowledged {acknowledged}.");
                var acks = ReadAcksAsync(call.ResponseStream, offset => acknowledged = Math.Max(acknowledged, offset));

                var cut = attempt < cuts ? Math.Max(cutPoints[attempt], (int)accepted.PersistedOffset + 1) : size;
                var sent = await SendAsync(call.RequestStream, content, accepted.PersistedOffset, Math.Min(cut, size));
                if (attempt >= cuts || sent >= size)
                {
                    await call.RequestStream.WriteAsync(new UploadRequest { Finish = new UploadFinish { TotalSize = size } }, default);
                    media = await acks;
                    continue;
                }

                if (kill(attempt))
                {
                    await server.RestartAsync();
                    kills++;
                }
                else
                {
                    call.Dispose();
                    cancels++;
                }

                await IgnoreFailureAsync(acks);
            }

            Assert.Equal(TestData.Sha256(content), media.Sha256);
            using var downloadChannel = GrpcChannel.ForAddress(server.Address);
            using var downloaded = new MemoryStream();
            await new MediaGrpcClient(downloadChannel).DownloadAsync(media.MediaId, downloaded);
            Assert.Equal(TestData.Sha256(content), TestData.Sha256(downloaded.ToArray()));
            return (cancels, kills);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    private static async Task<UploadAccepted> StartAsync(AsyncDuplexStreamingCall<UploadRequest, UploadResponse> call, string? uploadId, int size)
    {
        var start = uploadId is null
            ? new UploadStart { Media = new MediaSpec { DisplayName = "kill.bin", DeclaredSize = size } }
            : new UploadStart { UploadId = uploadId };
        await call.RequestStream.WriteAsync(new UploadRequest { Start = start }, default);
        Assert.True(await call.ResponseStream.MoveNext(default));
        return call.ResponseStream.Current.Accepted;
    }

    private static async Task<long> SendAsync(IClientStreamWriter<UploadRequest> requests, byte[] content, long from, int until)
    {
        var offset = from;
        do
        {
            var length = (int)Math.Min(ChunkSize, content.Length - offset);
            await requests.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = offset, Data = ByteString.CopyFrom(content, (int)offset, length) } }, default);
            offset += length;
        }
        while (offset < until && offset < content.Length);

        return offset;
    }

    private static async Task<MediaRecord> ReadAcksAsync(IAsyncStreamReader<UploadResponse> responses, Action<long> onAck)
    {
        while (await responses.MoveNext(default))
        {
            if (responses.Current.Ack is { } ack)
            {
                onAck(ack.PersistedOffset);
            }
            else if (responses.Current.Completed is { } completed)
            {
                return completed.Media;
            }
        }

        throw new InvalidOperationException("The upload ended without completing.");
    }

    private static async Task IgnoreFailureAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or OperationCanceledException)
        {
            // The cut ended this stream; what matters is the next resume.
        }
    }
}
