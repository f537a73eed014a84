using System.Globalization;
using MediaGrpc.Interop;
using Microsoft.Extensions.Logging;

// Usage: MediaGrpc.Interop.Host --port N
// Serves grpc.testing.TestService on h2c 127.0.0.1:N until Ctrl+C or SIGTERM, as the
// official interop servers do; prints "interop-host ready on 127.0.0.1:N" once listening.
var port = 0;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--port" && i + 1 < args.Length)
    {
        port = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
    else if (args[i].StartsWith("--port=", StringComparison.Ordinal))
    {
        port = int.Parse(args[i]["--port=".Length..], CultureInfo.InvariantCulture);
    }
    else
    {
        await Console.Error.WriteLineAsync($"unknown argument '{args[i]}'. Usage: MediaGrpc.Interop.Host --port N");
        return 2;
    }
}

if (port is <= 0 or > 65535)
{
    await Console.Error.WriteLineAsync("Usage: MediaGrpc.Interop.Host --port N");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

await using var server = await InteropServer.StartAsync(
    port,
    logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning),
    cancellationToken: stop.Token);
Console.WriteLine($"interop-host ready on 127.0.0.1:{port}");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Asked to stop.
}

return 0;
