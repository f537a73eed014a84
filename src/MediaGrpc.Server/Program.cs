using MediaGrpc.Server.Hosting;

return StartupErrorReporter.Run(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.UseDefaultListenAddress();
    builder.UseJsonConsoleLogDefaults();
    builder.AddMediaGrpc();

    var app = builder.Build();
    // Commands read only the settings they need (lifecycle-policy: no account or credential).
    if (app.TryRunCommand(args))
    {
        return;
    }

    StartupErrorReporter.ValidateOptions(app.Services);

    app.MapMediaGrpc();
    app.Run();
}, Console.Error);

/// <summary>The entry point, visible to tests that host the server in-process.</summary>
public partial class Program;
