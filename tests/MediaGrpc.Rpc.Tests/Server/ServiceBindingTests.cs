using MediaGrpc.Rpc.Tests.Echo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace MediaGrpc.Rpc.Tests.Server;

/// <summary>A handler that does not match the service descriptor stops the start-up, before any call.</summary>
public sealed class ServiceBindingTests
{
    [Fact]
    public void Handler_for_an_undeclared_method_fails_at_start_up() =>
        AssertStartupFails(b => b.Unary<EchoRequest, EchoResponse>("NoSuchMethod", (r, c) => Task.FromResult(new EchoResponse())), "declares no method");

    [Fact]
    public void Handler_of_the_wrong_call_kind_fails_at_start_up() =>
        AssertStartupFails(b => b.Unary<EchoRequest, EchoResponse>("Duplex", (r, c) => Task.FromResult(new EchoResponse())), "DuplexStreaming");

    [Fact]
    public void Handler_with_the_wrong_message_types_fails_at_start_up() =>
        AssertStartupFails(b => b.Unary<EchoResponse, EchoResponse>("Unary", (r, c) => Task.FromResult(new EchoResponse())), "takes request");

    [Fact]
    public void Method_bound_twice_fails_at_start_up() =>
        AssertStartupFails(
            b => b.Unary<EchoRequest, EchoResponse>("Unary", (r, c) => Task.FromResult(new EchoResponse()))
                  .Unary<EchoRequest, EchoResponse>("Unary", (r, c) => Task.FromResult(new EchoResponse())),
            "bound twice");

    private static void AssertStartupFails(Action<GrpcServiceBinder> bind, string expectedMessage)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddGrpcServer();
        builder.Services.AddSingleton<IGrpcService>(new MisboundService(bind));
        using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapGrpcServices());

        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
    }

    private sealed class MisboundService(Action<GrpcServiceBinder> bind) : IGrpcService
    {
        public ServiceDescriptor Descriptor => EchoReflection.Descriptor.Services[0];

        public void Bind(GrpcServiceBinder binder) => bind(binder);
    }
}
