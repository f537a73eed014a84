using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Interop.Tests.Interop;

/// <summary>Our client runs every interop case against our own interop host.</summary>
public sealed class OwnInteropTests : IClassFixture<InteropHostFixture>, IDisposable
{
    private readonly InteropHostFixture _host;
    private readonly GrpcChannel _channel;

    public OwnInteropTests(InteropHostFixture host)
    {
        _host = host;
        _channel = GrpcChannel.ForAddress(host.Address);
    }

    public void Dispose() => _channel.Dispose();

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(InteropCases.All), MemberType = typeof(InteropCases))]
    public async Task Our_interop_client_passes_against_our_server(string testCase)
    {
        await new InteropClient(_channel, serverChecksCompression: true).RunAsync(testCase);
        Assert.Empty(_host.LoggedErrors);
    }
}
