using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// The local store's volume fills up mid-upload (fault matrix): the upload ends with
/// RESOURCE_EXHAUSTED naming the full storage, every acknowledged byte is kept, and once
/// space is freed the upload resumes from the persisted offset to a byte-identical media.
/// </summary>
public sealed class FullDiskTests(ITestOutputHelper output)
{
    private const int MiB = 1024 * 1024;

    [RootOnLinuxFact(Timeout = TestData.Timeout)]
    public async Task Upload_into_a_full_volume_answers_resource_exhausted_keeps_its_acks_and_resumes_once_space_is_freed()
    {
        await using var volume = await SmallVolume.MountAsync(megabytes: 16);
        var filler = Path.Combine(volume.Path, "filler");
        await File.WriteAllBytesAsync(filler, new byte[9 * MiB]);
        var configuration = MediaServerHost.LocalDisk(Path.Combine(volume.Path, "store"));
        configuration["Media:BlockSize"] = MiB.ToString(CultureInfo.InvariantCulture);
        await using var host = await MediaServerHost.StartAsync(configuration);
        using var channel = host.CreateChannel();
        var content = TestData.Bytes(12 * MiB, seed: 88);

        // About 7 MiB are free: blocks are acknowledged until one no longer fits.
        using var call = channel.DuplexStreaming(ContractMethods.Upload);
        await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "full.bin", DeclaredSize = content.Length } } }, default);
        Assert.True(await call.ResponseStream.MoveNext(default));
        var uploadId = call.ResponseStream.Current.Accepted.UploadId;
        long acknowledged = 0;
        var acks = Task.Run(async () =>
        {
            while (await call.ResponseStream.MoveNext(default))
            {
                acknowledged = Math.Max(acknowledged, call.ResponseStream.Current.Ack?.PersistedOffset ?? 0);
            }
        });
        try
        {
            for (var offset = 0; offset < content.Length && !acks.IsCompleted; offset += MiB / 2)
            {
                await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = offset, Data = ByteString.CopyFrom(content, offset, MiB / 2) } }, default);
            }
        }
        catch (RpcException)
        {
            // The server ended the stream; its status is read below.
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => acks);
        var status = await new MediaGrpcClient(channel).GetUploadStatusAsync(uploadId);
        output.WriteLine($"full: {error.Status}; acknowledged {acknowledged}, persisted {status.PersistedOffset}");
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("storage is full", error.Status.Detail, StringComparison.Ordinal);
        Assert.InRange(acknowledged, MiB, 8 * MiB);
        Assert.True(status.PersistedOffset >= acknowledged, $"persisted {status.PersistedOffset} < acknowledged {acknowledged}");
        Assert.Empty(Directory.EnumerateFiles(volume.Path, "*.tmp", SearchOption.AllDirectories));

        // Space is freed: the upload resumes from the server's persisted offset.
        File.Delete(filler);
        var resumed = await new MediaGrpcClient(channel).ResumeUploadAsync(uploadId, new MemoryStream(content));
        Assert.Equal(TestData.Sha256(content), resumed.Media.Sha256);
        using var downloaded = new MemoryStream();
        await new MediaGrpcClient(channel).DownloadAsync(resumed.Media.MediaId, downloaded);
        Assert.Equal(TestData.Sha256(content), TestData.Sha256(downloaded.ToArray()));
    }
}
