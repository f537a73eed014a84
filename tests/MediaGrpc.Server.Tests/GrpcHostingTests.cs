using Grpc.Core;
using Grpc.Health.V1;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>What the gRPC hosting gives operators and service-to-service callers: health that drains, and the client from DI.</summary>
public sealed class GrpcHostingTests
{
    [Fact(Timeout = TestData.Timeout)]
    public async Task Health_turns_not_serving_as_soon_as_shutdown_starts()
    {
        var root = Path.Combine(Path.GetTempPath(), "mediagrpc-tests-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var host = await MediaServerHost.StartAsync(MediaServerHost.LocalDisk(root));
            using var channel = host.CreateChannel();
            var health = new Health.HealthClient(channel);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
            Assert.Equal(
                HealthCheckResponse.Types.ServingStatus.Serving,
                (await health.CheckAsync(new HealthCheckRequest { Service = "mediagrpc.v1.UploadService" })).Status);
            using var watch = health.Watch(new HealthCheckRequest());
            Assert.True(await watch.ResponseStream.MoveNext(default));
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, watch.ResponseStream.Current.Status);

            host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

            var statuses = new List<HealthCheckResponse.Types.ServingStatus>();
            while (await watch.ResponseStream.MoveNext(default))
            {
                statuses.Add(watch.ResponseStream.Current.Status);
            }

            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, statuses[^1]);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Client_registered_with_one_line_uploads_and_reads_back_its_media()
    {
        var root = Path.Combine(Path.GetTempPath(), "mediagrpc-tests-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var host = await MediaServerHost.StartAsync(MediaServerHost.LocalDisk(root));
            var services = new ServiceCollection();
            services.AddMediaGrpcClient(o => o.Address = host.Address);
            await using var provider = services.BuildServiceProvider();

            var client = provider.GetRequiredService<MediaGrpcClient>();
            var content = TestData.Bytes(300_000);
            var upload = await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "di.bin" });
            var record = await client.GetMediaAsync(upload.Media.MediaId);

            Assert.Equal(content.Length, record.Size);
            using var downloaded = new MemoryStream();
            await client.DownloadAsync(upload.Media.MediaId, downloaded);
            Assert.Equal(content, downloaded.ToArray());
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
