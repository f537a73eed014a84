using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// Every request the test server runs, held until it completes, so a handler that never
/// completes after its client went away is named when the server stops.
/// </summary>
/// <remarks>
/// Without this, such a handler is garbage-collected with its connection, and Kestrel reports
/// it only as "application never completed" (event 23) at a later heartbeat: after a full
/// collection, in whichever test runs then, and naming no call.
/// </remarks>
internal sealed class InFlightCalls
{
    private readonly ConcurrentDictionary<object, (HttpContext Context, string Description)> _calls = new();

    /// <summary>The middleware: tracks the request while the rest of the pipeline runs it.</summary>
    public async Task TrackAsync(HttpContext context, RequestDelegate next)
    {
        var key = new object();
        _calls[key] = (context, string.Create(CultureInfo.InvariantCulture, $"{context.Request.Path} (started {DateTime.UtcNow:HH:mm:ss.fff})"));
        try
        {
            await next(context);
        }
        finally
        {
            _calls.TryRemove(key, out _);
        }
    }

    /// <summary>Waits until no request runs; returns the ones still running after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<string>> WaitUntilNoneAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_calls.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return [.. _calls.Values.Select(call => call.Description)];
    }
}
