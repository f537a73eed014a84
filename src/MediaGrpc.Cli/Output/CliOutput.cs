using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using MediaGrpc.Cli.Errors;

namespace MediaGrpc.Cli.Output;

/// <summary>
/// Where results, notes and errors go. Results go to stdout: with --json one JSON object
/// per line (protobuf messages in their proto3 JSON mapping), otherwise plain text. Notes
/// (what happened, how to resume) and progress lines go to stderr, never with --quiet or
/// --json; errors always go to stderr as one line.
/// </summary>
internal sealed class CliOutput(bool json, bool quiet)
{
    private readonly TextWriter _out = Console.Out;
    private readonly TextWriter _error = Console.Error;

    private static readonly JsonFormatter s_formatter = new(
        JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithTypeRegistry(ErrorDetails.Registry));

    // Readable JSON for people and scripts alike: quotes and non-ASCII characters are not
    // escaped, which is safe because the output is never embedded in HTML.
    private static readonly JsonSerializerOptions s_jsonOutput = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public bool Json { get; } = json;

    public bool Quiet { get; } = quiet;

    /// <summary>True when a live progress bar may be drawn: stdout is a terminal and neither --json nor --quiet was given.</summary>
    public bool CanDrawBar => !Json && !Quiet && !Console.IsOutputRedirected;

    /// <summary>True when plain progress lines may go to stderr.</summary>
    public bool CanWriteProgressLines => !Quiet && !Json;

    /// <summary>A protobuf message as a JSON node in the proto3 JSON mapping.</summary>
    public static JsonNode ToJson(IMessage message) => JsonNode.Parse(s_formatter.Format(message))!;

    public void WriteJson(JsonNode result) => _out.WriteLine(result.ToJsonString(s_jsonOutput));

    public void WriteJson(IMessage message) => _out.WriteLine(s_formatter.Format(message));

    /// <summary>A result line on stdout (plain mode).</summary>
    public void WriteLine(string line) => _out.WriteLine(line);

    /// <summary>A note on stderr, unless --quiet or --json.</summary>
    public void Note(string line)
    {
        if (!Quiet && !Json)
        {
            _error.WriteLine(line);
        }
    }

    public void WriteFailure(CliFailure failure)
    {
        _error.WriteLine($"mediagrpc: {failure.StatusName}: {failure.Message}");
        if (Json)
        {
            var details = new JsonArray();
            foreach (var detail in failure.Details)
            {
                details.Add(JsonNode.Parse(ErrorDetails.ToJson(detail, s_formatter)));
            }

            WriteJson(new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = failure.ExitCode,
                    ["status"] = failure.StatusName,
                    ["message"] = failure.Message,
                    ["details"] = details,
                },
            });
        }
    }
}
