using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Interop.Tests.Interop;

/// <summary>Our client runs every interop case against the grpc-js interop server (tests/interop/interop-server.js).</summary>
public sealed class GrpcJsServerInteropTests : IClassFixture<GrpcJsInteropServerFixture>, IDisposable
{
    private readonly GrpcChannel _channel;

    public GrpcJsServerInteropTests(GrpcJsInteropServerFixture server)
    {
        _channel = GrpcChannel.ForAddress(server.Address);
    }

    public void Dispose() => _channel.Dispose();

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(InteropCases.All), MemberType = typeof(InteropCases))]
    public Task Our_interop_client_passes_against_a_grpc_js_server(string testCase) =>
        new InteropClient(_channel, serverChecksCompression: false).RunAsync(testCase);
}
