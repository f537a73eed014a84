using MediaGrpc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace MediaGrpc.Server.Tests.Hostile;

/// <summary>
/// The service on local disk, its store in a folder of its own inside a sandbox folder, so a
/// test can show that nothing a client sent became a file outside the store (or a file name
/// at all); every log event down to Trace is kept, so a test can show that nothing a client
/// sent forged a log line.
/// </summary>
public sealed class HostileServerFixture : IAsyncLifetime
{
    private readonly string _sandbox = Path.Combine(Path.GetTempPath(), "mediagrpc-hostile-" + Guid.NewGuid().ToString("N"));
    private MediaServerHost? _host;

    public MediaServerHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public LogCollector Logs { get; } = new(LogLevel.Trace);

    /// <summary>The store's root, the only entry of <see cref="Sandbox"/>.</summary>
    public string StoreRoot => Path.Combine(_sandbox, "store");

    public string Sandbox => _sandbox;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_sandbox);
        var configuration = MediaServerHost.LocalDisk(StoreRoot);
        configuration["Logging:LogLevel:Default"] = "Trace";
        _host = await MediaServerHost.StartAsync(configuration, configureServices: services => services.AddSingleton<ILoggerProvider>(Logs));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        Directory.Delete(_sandbox, recursive: true);
    }

    /// <summary>Every file the store holds, relative to its root, with '/' separators.</summary>
    public IReadOnlyList<string> StoredFiles() =>
        [.. Directory.EnumerateFiles(StoreRoot, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(StoreRoot, f).Replace('\\', '/'))];
}
