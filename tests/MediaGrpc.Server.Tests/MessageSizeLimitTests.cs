using Google.Protobuf;
using Grpc.Core;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// The server's message-size limit (Grpc:MaxReceiveMessageSize, 4 MiB) on the Upload stream:
/// RESOURCE_EXHAUSTED with the documented LimitExceeded{limit: "max_message_size"} detail,
/// read by grpc-js and by Grpc.Net.Client.
/// </summary>
public sealed class MessageSizeLimitTests(LocalDiskServerFixture fixture) : IClassFixture<LocalDiskServerFixture>
{
    private const int FiveMiB = 5 * 1024 * 1024;

    [Fact(Timeout = TestData.Timeout)]
    public async Task Grpc_js_reads_limit_exceeded_max_message_size_from_a_5_MiB_upload_message()
    {
        var result = await CommandRunner.RunAsync(
            "node",
            [Path.Combine(RepositoryPaths.Root, "tests", "interop", "oversized-upload.js"),
             "--address", fixture.Host.Address.Authority,
             "--size", FiveMiB.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"code\":8,", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"limit\":\"max_message_size\",\"maximum\":4194304", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Our_client_reads_limit_exceeded_max_message_size_and_the_server_keeps_serving()
    {
        using var channel = fixture.Host.CreateChannel();
        using var call = channel.DuplexStreaming(ContractMethods.Upload);
        await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "too-big.bin" } } });
        Assert.True(await call.ResponseStream.MoveNext(default));
        try
        {
            await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = 0, Data = ByteString.CopyFrom(new byte[FiveMiB]) } });
        }
        catch (RpcException)
        {
            // The server may end the call before the whole message is written; its status is below.
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(default))
            {
            }
        });

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        var limit = Assert.Single(error.Details()).ToAnyOf<LimitExceeded>();
        Assert.Equal("max_message_size", limit.Limit);
        Assert.Equal(4 * 1024 * 1024, limit.Maximum);
        var (after, client) = fixture.Host.CreateClient();
        using var afterChannel = after;
        var upload = await client.UploadAsync(new MemoryStream(new byte[1000]), new MediaSpec { DisplayName = "after.bin" });
        Assert.Equal(1000, upload.Media.Size);
    }
}
