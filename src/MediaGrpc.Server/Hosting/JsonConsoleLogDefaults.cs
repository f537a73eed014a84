using Microsoft.Extensions.Logging.Console;

namespace MediaGrpc.Server.Hosting;

/// <summary>
/// Makes <c>Logging:Console:FormatterName=json</c> collector-ready without more settings:
/// scopes on (they carry the <c>TraceId</c> and <c>SpanId</c> the host's activity
/// tracking adds to every log written during a call) and UTC ISO-8601 timestamps. Each
/// stays overridable under <c>Logging:Console:FormatterOptions</c>. The plain console
/// format is left as it is, where scope lines would only be noise.
/// </summary>
internal static class JsonConsoleLogDefaults
{
    private const string FormatterOptions = "Logging:Console:FormatterOptions";

    public static WebApplicationBuilder UseJsonConsoleLogDefaults(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(FormatterOptions);
        builder.Services.Configure<JsonConsoleFormatterOptions>(options =>
        {
            options.IncludeScopes = section.GetValue(nameof(options.IncludeScopes), true);
            options.UseUtcTimestamp = section.GetValue(nameof(options.UseUtcTimestamp), true);
            options.TimestampFormat = section[nameof(options.TimestampFormat)] ?? "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        return builder;
    }
}
