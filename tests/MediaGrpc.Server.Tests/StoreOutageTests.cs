using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>Blob storage out of reach: calls end with UNAVAILABLE, the status clients retry, and the server keeps serving.</summary>
public sealed class StoreOutageTests : IAsyncLifetime
{
    private MediaServerHost _host = null!;

    public async Task InitializeAsync()
    {
        // A loopback port nothing listens on: every storage request is refused.
        var endpoint = $"http://127.0.0.1:{FreePort.Next()}/{AzuriteDevelopmentAccount.Name}";
        var configuration = MediaServerHost.AzureBlob(AzuriteDevelopmentAccount.ConnectionString(endpoint), "outage");

        // The SDK's standard retry keys: two quick retries instead of three with 0.8 s backoff.
        configuration["Storage:AzureBlob:Retry:MaxRetries"] = "2";
        configuration["Storage:AzureBlob:Retry:Delay"] = "00:00:00.050";
        _host = await MediaServerHost.StartAsync(configuration);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = TestData.Timeout)]
    public async Task Calls_that_need_storage_end_with_unavailable_while_it_is_out_of_reach()
    {
        var (channel, client) = _host.CreateClient(new Client.MediaGrpcClientOptions { MaxUploadAttempts = 1 });
        using (channel)
        {
            await TestData.FailsWith(StatusCode.Unavailable, () => client.GetMediaAsync(Media.RandomId.New()));

            using var upload = channel.DuplexStreaming(ContractMethods.Upload);
            await upload.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "x.bin" } } }, default);
            await TestData.FailsWith(StatusCode.Unavailable, () => upload.ResponseStream.MoveNext(default));

            using var read = channel.ServerStreaming(ContractMethods.Read, new ReadRequest { MediaId = Media.RandomId.New() });
            var failed = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await read.ResponseStream.MoveNext(default))
                {
                }
            });
            Assert.Equal(StatusCode.Unavailable, failed.StatusCode);
            Assert.Contains("storage is unavailable", failed.Status.Detail, StringComparison.Ordinal);
        }
    }
}
