using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MediaGrpc.Rpc.Tests.Client;
using MediaGrpc.Rpc.Tests.Echo;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MediaGrpc.Rpc.Tests.Server;

/// <summary>The call pipeline's counters on the MediaGrpc.Rpc.Server meter.</summary>
public sealed class ServerMetricsTests
{
    [Fact(Timeout = 30_000)]
    public async Task Calls_are_counted_started_and_completed_by_status_with_their_messages()
    {
        await using var host = await EchoServerHost.StartAsync();
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "MediaGrpc.Rpc.Server" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name;
            foreach (var tag in tags)
            {
                if (tag.Key == "rpc.grpc.status_code")
                {
                    key += "/" + tag.Value;
                }
            }

            totals.AddOrUpdate(key, value, (_, sum) => sum + value);
        });
        listener.Start();
        using var channel = host.CreateChannel();

        await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Text = "ok" });
        await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { FailWithCode = (int)StatusCode.NotFound }));
        using (var call = channel.ServerStreaming(EchoMethods.ServerStream, new EchoRequest { Count = 3 }))
        {
            await foreach (var unused in call.ResponseStream.ReadAllAsync())
            {
            }
        }

        // The status is written before the counter moves: give the last call a moment.
        for (var i = 0; i < 50 && totals.GetValueOrDefault("rpc.server.calls.completed/0") < 2; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(3, totals.GetValueOrDefault("rpc.server.calls.started"));
        Assert.Equal(2, totals.GetValueOrDefault("rpc.server.calls.completed/0"));
        Assert.Equal(1, totals.GetValueOrDefault("rpc.server.calls.completed/5"));
        Assert.Equal(3, totals.GetValueOrDefault("rpc.server.messages.received"));
        Assert.Equal(4, totals.GetValueOrDefault("rpc.server.messages.sent"));
    }
}
