using System.Globalization;
using MediaGrpc.Interop;
using Microsoft.AspNetCore.Builder;
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

// The host's console lifetime stops it on Ctrl+C and SIGTERM, as the official interop servers do.
var app = InteropServer.Build(port, logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"interop-host ready on 127.0.0.1:{port}"));
await app.RunAsync();
return 0;
