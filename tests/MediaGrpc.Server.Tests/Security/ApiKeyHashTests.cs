using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using MediaGrpc.Client;
using MediaGrpc.Server.Identity;
using Xunit;

namespace MediaGrpc.Server.Tests.Security;

/// <summary>API keys configured by their SHA-256: the configuration holds no usable secret, the key still works.</summary>
public sealed class ApiKeyHashTests
{
    [Fact(Timeout = TestData.Timeout)]
    public async Task Key_configured_by_its_sha256_authenticates_in_either_header()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var root = Path.Combine(Path.GetTempPath(), "mediagrpc-keyhash-" + Guid.NewGuid().ToString("N"));
        var configuration = MediaServerHost.LocalDisk(root);
        configuration["Authentication:ApiKeys:0:KeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        configuration["Authentication:ApiKeys:0:Owner"] = "hashed";
        await using (var host = await MediaServerHost.StartAsync(configuration))
        {
            var (channel, client) = host.CreateClient(new MediaGrpcClientOptions { ApiKey = key });
            using (channel)
            {
                var upload = await client.UploadAsync(new MemoryStream(TestData.Bytes(100)), new Contracts.V1.MediaSpec { DisplayName = "h.bin" });
                var byHeader = await channel.CreateCallInvoker().AsyncUnaryCall(
                    Methods.GetUploadStatus, null, new CallOptions(new Metadata { { "x-api-key", key } }), new Contracts.V1.GetUploadStatusRequest { UploadId = upload.UploadId });
                Assert.True(byHeader.Complete);

                var wrong = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = key + "x" });
                var refused = await TestData.FailsWith(StatusCode.Unauthenticated, () => wrong.GetUploadStatusAsync(upload.UploadId));
                Assert.Equal("The API key is not valid.", refused.Status.Detail);
            }
        }

        Directory.Delete(root, recursive: true);
    }

    [Theory]
    [InlineData(null, "abc", "Authentication:ApiKeys:0:KeySha256 must be 64 hex digits, the SHA-256 of the key.")]
    [InlineData("0123456789abcdef0", "0000000000000000000000000000000000000000000000000000000000000000", "Authentication:ApiKeys:0 gives both Key and KeySha256; give one.")]
    [InlineData(null, null, "Authentication:ApiKeys:0:Key or Authentication:ApiKeys:0:KeySha256 is required.")]
    [InlineData("short", null, "Authentication:ApiKeys:0:Key must be at least 16 characters (it has 5).")]
    public void Malformed_key_entries_stop_the_start_naming_the_setting(string? key, string? hash, string failure)
    {
        var options = new ApiKeyOptions();
        options.ApiKeys.Add(new ApiKey { Key = key, KeySha256 = hash, Owner = "o" });

        var result = new ApiKeyOptionsValidator().Validate(null, options);

        Assert.Equal([failure], result.Failures);
    }

    [Fact]
    public void Same_key_in_clear_and_by_hash_is_a_repeat()
    {
        const string Key = "the-same-key-0123456789";
        var options = new ApiKeyOptions();
        options.ApiKeys.Add(new ApiKey { Key = Key, Owner = "a" });
        options.ApiKeys.Add(new ApiKey { KeySha256 = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Key))), Owner = "b" });

        Assert.Equal(["Authentication:ApiKeys:1 repeats an earlier key."], new ApiKeyOptionsValidator().Validate(null, options).Failures);
    }

    private static class Methods
    {
        public static readonly Method<Contracts.V1.GetUploadStatusRequest, Contracts.V1.GetUploadStatusResponse> GetUploadStatus =
            MediaGrpc.Testing.GrpcCalls.Method<Contracts.V1.GetUploadStatusRequest, Contracts.V1.GetUploadStatusResponse>(
                Contracts.V1.UploadReflection.Descriptor.Services[0], "GetUploadStatus");
    }
}
