using System.Diagnostics;
using MediaGrpc.Rpc.Internal;
using MediaGrpc.Rpc.Tests.Echo;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace MediaGrpc.Rpc.Tests.Client;

/// <summary>
/// What the client sends, and what it makes of answers no gRPC server should give: these
/// need a peer that misbehaves on purpose (<see cref="KestrelPeer"/>).
/// </summary>
public sealed class ProtocolViolationTests
{
    [Fact(Timeout = 30_000)]
    public async Task Deadline_fails_the_call_even_when_the_server_never_answers()
    {
        await using var peer = await KestrelPeer.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var channel = GrpcChannel.ForAddress(peer.Address);
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(
            EchoMethods.Unary, new EchoRequest(), new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(300))));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("token")]
    [InlineData("dispose")]
    [InlineData("deadline")]
    public async Task Ending_a_call_early_resets_its_http2_stream(string how)
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var peer = await KestrelPeer.StartAsync(async context =>
        {
            // Headers and one message out, then wait: the call is mid-stream when it ends.
            await WriteResponseAsync(context, new EchoResponse { Text = "first" }, trailers: false);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                aborted.TrySetResult();
            }
        });
        using var channel = GrpcChannel.ForAddress(peer.Address);
        using var cancellation = new CancellationTokenSource();
        var deadline = how == "deadline" ? DateTime.UtcNow.AddSeconds(2) : (DateTime?)null;
        var call = channel.ServerStreaming(EchoMethods.ServerStream, new EchoRequest(), new CallOptions(null, deadline, cancellation.Token));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        if (how == "token")
        {
            await cancellation.CancelAsync();
        }
        else if (how == "dispose")
        {
            call.Dispose();
        }

        // Kestrel cancels RequestAborted when the client sends RST_STREAM.
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(how == "deadline" ? StatusCode.DeadlineExceeded : StatusCode.Cancelled, error.StatusCode);
        call.Dispose();
    }

    [Fact(Timeout = 30_000)]
    public async Task Request_carries_the_grpc_protocol_headers_and_custom_metadata()
    {
        IHeaderDictionary? received = null;
        string? protocol = null;
        await using var peer = await KestrelPeer.StartAsync(async context =>
        {
            received = context.Request.Headers;
            protocol = context.Request.Protocol;
            await WriteResponseAsync(context, new EchoResponse { Text = "ok" });
        });
        using var channel = GrpcChannel.ForAddress(peer.Address);
        var metadata = new Metadata { { "x-text", "value" }, { "x-data-bin", [1, 2, 3] } };

        await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest(), new CallOptions(metadata, DateTime.UtcNow.AddMinutes(1)));

        Assert.NotNull(received);
        Assert.Equal("HTTP/2", protocol);
        Assert.Equal("application/grpc", received["content-type"]);
        Assert.Equal("trailers", received["te"]);
        Assert.StartsWith("mediagrpc-dotnet/", received["user-agent"].ToString(), StringComparison.Ordinal);
        Assert.Equal("identity,gzip", received["grpc-accept-encoding"]);
        Assert.True(GrpcTimeout.TryParse(received["grpc-timeout"], out var timeout));
        Assert.InRange(timeout, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
        Assert.Equal("value", received["x-text"]);
        Assert.Equal("AQID", received["x-data-bin"].ToString().TrimEnd('='));
    }

    [Theory(Timeout = 30_000)]
    [InlineData(400, StatusCode.Internal)]
    [InlineData(401, StatusCode.Unauthenticated)]
    [InlineData(403, StatusCode.PermissionDenied)]
    [InlineData(404, StatusCode.Unimplemented)]
    [InlineData(429, StatusCode.Unavailable)]
    [InlineData(502, StatusCode.Unavailable)]
    [InlineData(503, StatusCode.Unavailable)]
    [InlineData(504, StatusCode.Unavailable)]
    [InlineData(500, StatusCode.Unknown)]
    public async Task Http_error_without_grpc_status_maps_to_the_specified_code(int httpStatus, StatusCode expected)
    {
        await using var peer = await KestrelPeer.StartAsync(context =>
        {
            context.Response.StatusCode = httpStatus;
            return Task.CompletedTask;
        });
        using var channel = GrpcChannel.ForAddress(peer.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EchoMethods.Unary, new EchoRequest()));

        Assert.Equal(expected, error.StatusCode);
        Assert.Contains(httpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Non_grpc_content_type_fails_with_unknown()
    {
        await using var peer = await KestrelPeer.StartAsync(context =>
        {
            context.Response.ContentType = "text/html";
            return context.Response.WriteAsync("<html>not gRPC</html>");
        });
        using var channel = GrpcChannel.ForAddress(peer.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EchoMethods.Unary, new EchoRequest()));

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Response_ending_without_trailers_fails_with_internal()
    {
        await using var peer = await KestrelPeer.StartAsync(context =>
            WriteResponseAsync(context, new EchoResponse { Text = "no status follows" }, trailers: false));
        using var channel = GrpcChannel.ForAddress(peer.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EchoMethods.Unary, new EchoRequest()));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Trailers_only_response_carries_the_status_in_its_headers()
    {
        await using var peer = await KestrelPeer.StartAsync(context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "5";
            context.Response.Headers["grpc-message"] = "no such thing %E2%9C%93";
            context.Response.Headers["x-reason"] = "gone";
            return Task.CompletedTask;
        });
        using var channel = GrpcChannel.ForAddress(peer.Address);
        using var call = channel.ServerStreaming(EchoMethods.ServerStream, new EchoRequest());

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("no such thing \u2713", error.Status.Detail);
        Assert.Equal("gone", error.Trailers.GetValue("x-reason"));
        Assert.Equal("gone", (await call.ResponseHeadersAsync).GetValue("x-reason"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Unary_response_without_a_message_fails_with_internal()
    {
        await using var peer = await KestrelPeer.StartAsync(context => WriteResponseAsync(context, message: null));
        using var channel = GrpcChannel.ForAddress(peer.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EchoMethods.Unary, new EchoRequest()));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Message_cut_off_by_the_end_of_the_response_fails_with_internal()
    {
        await using var peer = await KestrelPeer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(new byte[] { 0, 0, 0, 0, 10, 1, 2 });
            context.Response.AppendTrailer("grpc-status", "0");
        });
        using var channel = GrpcChannel.ForAddress(peer.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EchoMethods.Unary, new EchoRequest()));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    private static async Task WriteResponseAsync(HttpContext context, EchoResponse? message, bool trailers = true)
    {
        context.Response.ContentType = "application/grpc";
        if (message is not null)
        {
            GrpcFrame.Write(context.Response.BodyWriter, message, int.MaxValue);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        }

        if (trailers)
        {
            context.Response.AppendTrailer("grpc-status", "0");
        }
    }
}
