using System.CommandLine;
using MediaGrpc.Cli.Connection;
using MediaGrpc.Cli.Output;

namespace MediaGrpc.Cli;

/// <summary>
/// Options every command takes: where the server is, how to authenticate, how to print.
/// Environment variables fill in what the command line leaves out; the API key is read
/// but never printed (help shows no default for it).
/// </summary>
internal sealed class GlobalOptions
{
    public const string ServerVariable = "MEDIAGRPC_SERVER";
    public const string ApiKeyVariable = "MEDIAGRPC_API_KEY";
    public const string DefaultServer = "http://127.0.0.1:5000";

    public Option<string?> Server { get; } = new("--server", "-s")
    {
        Description = $"Server address, http:// (h2c) or https:// (env {ServerVariable}; default {DefaultServer}).",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"API key or JWT, sent as 'authorization: Bearer KEY' (env {ApiKeyVariable}). Never printed.",
        Recursive = true,
    };

    public Option<FileInfo?> CaFile { get; } = new("--ca-file")
    {
        Description = "PEM file of the certificate authority to trust for https:// (instead of the system's).",
        Recursive = true,
    };

    public Option<FileInfo?> ClientCertificate { get; } = new("--client-cert")
    {
        Description = "PEM client certificate, for servers that ask for one; it can be the caller's identity (with --client-key).",
        Recursive = true,
    };

    public Option<FileInfo?> ClientKey { get; } = new("--client-key")
    {
        Description = "PEM private key of --client-cert (default: the key in the --client-cert file).",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print one JSON object per result on stdout, for scripts; no progress bar.",
        Recursive = true,
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Print only results and errors: no progress, no notes.",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(ApiKey);
        command.Options.Add(CaFile);
        command.Options.Add(ClientCertificate);
        command.Options.Add(ClientKey);
        command.Options.Add(Json);
        command.Options.Add(Quiet);
    }

    public ConnectionSettings ReadConnection(ParseResult parse)
    {
        var server = parse.GetValue(Server) ?? Environment.GetEnvironmentVariable(ServerVariable);
        var apiKey = parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable(ApiKeyVariable);
        return new ConnectionSettings(
            string.IsNullOrWhiteSpace(server) ? DefaultServer : server.Trim(),
            string.IsNullOrEmpty(apiKey) ? null : apiKey,
            parse.GetValue(CaFile)?.FullName,
            parse.GetValue(ClientCertificate)?.FullName,
            parse.GetValue(ClientKey)?.FullName);
    }

    public CliOutput ReadOutput(ParseResult parse) => new(parse.GetValue(Json), parse.GetValue(Quiet));
}
