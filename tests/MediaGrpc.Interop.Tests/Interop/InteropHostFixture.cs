using MediaGrpc.Interop;
using MediaGrpc.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace MediaGrpc.Interop.Tests.Interop;

/// <summary>Our interop host (tests/MediaGrpc.Interop.Host) in process, on 127.0.0.1 and a free port; logged errors are collected.</summary>
public sealed class InteropHostFixture : IAsyncLifetime, IDisposable
{
    private readonly ErrorLogCollector _errors = new();
    private InteropServer? _server;

    public Uri Address => _server?.Address ?? throw new InvalidOperationException("The fixture is not initialized.");

    public int Port => Address.Port;

    public IReadOnlyCollection<string> LoggedErrors => _errors.Errors;

    public async Task InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _server = await InteropServer.StartAsync(FreePort.Next(), logging => logging.AddProvider(_errors));
                return;
            }
            catch (IOException) when (attempt < 3)
            {
                // The port was taken between choosing and binding it: try another.
            }
        }
    }

    public void Dispose() => _errors.Dispose();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
