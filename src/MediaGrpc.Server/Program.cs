using MediaGrpc.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddMediaGrpc();

var app = builder.Build();
if (app.TryRunCommand(args))
{
    return;
}

app.MapMediaGrpc();
app.Run();

/// <summary>The entry point, visible to tests that host the server in-process.</summary>
public partial class Program;
