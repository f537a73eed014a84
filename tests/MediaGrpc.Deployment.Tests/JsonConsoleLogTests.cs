using System.Text.Json;
using System.Text.RegularExpressions;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Deployment.Tests;

/// <summary>
/// With <c>Logging:Console:FormatterName=json</c> (the chart's default) every console line
/// is one JSON object a collector can parse, and lines written during a call carry the
/// call's trace and span IDs.
/// </summary>
public sealed partial class JsonConsoleLogTests
{
    [Fact(Timeout = 120_000)]
    public async Task Json_log_lines_of_a_call_carry_its_trace_and_span_ids()
    {
        var address = ServerBinaries.Loopback(FreePort.Next());
        await using var server = ServerProcessRun.Start(
            ServerBinaries.BuiltDll,
            ["--urls", address.ToString(),
             "--Logging:Console:FormatterName=json",
             // The request start/finish lines: what every call writes at Information.
             "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information"]);
        using var deadline = TestDeadline.Start();
        await server.WaitUntilServingAsync(address, deadline.Token);

        var lines = await WaitForCheckLogAsync(server, deadline.Token);

        Assert.All(server.Output, line => JsonDocument.Parse(line).Dispose());
        using var entry = JsonDocument.Parse(lines[0]);
        var root = entry.RootElement;
        Assert.Equal("Information", root.GetProperty("LogLevel").GetString());
        Assert.Matches(UtcTimestamp(), root.GetProperty("Timestamp").GetString());
        var activity = root.GetProperty("Scopes").EnumerateArray().Single(scope => scope.TryGetProperty("TraceId", out _));
        Assert.Matches(HexId(32), activity.GetProperty("TraceId").GetString());
        Assert.Matches(HexId(16), activity.GetProperty("SpanId").GetString());
    }

    private static async Task<string[]> WaitForCheckLogAsync(ServerProcessRun server, CancellationToken cancellationToken)
    {
        while (true)
        {
            // The health checks that found the server serving wrote these lines.
            var lines = server.Output.Where(line => line.Contains("/grpc.health.v1.Health/Check", StringComparison.Ordinal)).ToArray();
            if (lines.Length > 0)
            {
                return lines;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException("No log line of the health call.\n" + server.Describe());
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexId32();

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex HexId16();

    private static Regex HexId(int length) => length == 32 ? HexId32() : HexId16();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex UtcTimestamp();
}
