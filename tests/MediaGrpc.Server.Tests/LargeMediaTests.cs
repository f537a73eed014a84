using System.Security.Cryptography;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>The media size limit is an option: 200 MiB by default, here raised to 1 GiB.</summary>
public sealed class LargeMediaTests : IAsyncLifetime
{
    private const long OneGiB = 1024L * 1024 * 1024;
    private MediaServerHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await MediaServerHost.StartOnLocalDiskAsync(configuration => configuration["Media:MaxMediaSize"] = OneGiB.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    // Gigabyte-sized: opt-in with `dotnet test --filter Category=Soak` (README).
    [Fact(Timeout = 180_000)]
    [Trait("Category", "Soak")]
    public async Task One_GiB_media_uploads_and_downloads_byte_identical_under_a_1_GiB_limit()
    {
        var expected = await SHA256.HashDataAsync(new PatternStream(OneGiB));
        var (channel, client) = _host.CreateClient();
        using (channel)
        {
            var upload = await client.UploadAsync(new PatternStream(OneGiB), new MediaSpec { DisplayName = "big.mp4", DeclaredSize = OneGiB });
            Assert.Equal(OneGiB, upload.Media.Size);
            Assert.Equal(expected, upload.Media.Sha256.ToByteArray());

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var sink = new HashingSink(hash);
            var result = await client.DownloadAsync(upload.Media.MediaId, sink);

            Assert.Equal(OneGiB, result.BytesWritten);
            Assert.Equal(expected, hash.GetHashAndReset());
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task One_byte_over_the_limit_is_refused()
    {
        var (channel, client) = _host.CreateClient();
        using (channel)
        {
            var spec = new MediaSpec { DisplayName = "too-big", DeclaredSize = OneGiB + 1 };
            await TestData.FailsWith(StatusCode.ResourceExhausted, () => client.UploadAsync(new PatternStream(10), spec));
        }
    }

    /// <summary>A write-only stream that only hashes what it is given.</summary>
    private sealed class HashingSink(IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            hash.AppendData(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
