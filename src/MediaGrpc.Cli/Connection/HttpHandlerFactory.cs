using MediaGrpc.Cli.Errors;
using MediaGrpc.Client;

namespace MediaGrpc.Cli.Connection;

/// <summary>
/// The HTTP/2 handler under the channel: the SDK's media handler (16 MiB stream windows like
/// the server's, keep-alive pings), and for https:// the trust anchor of --ca-file and the
/// client certificate of --client-cert / --client-key, loaded by the SDK.
/// </summary>
internal static class HttpHandlerFactory
{
    public static SocketsHttpHandler Create(ConnectionSettings settings)
    {
        if (settings.ClientKey is not null && settings.ClientCertificate is null)
        {
            throw new CliException(ExitCodes.InvalidArgument, "--client-key needs --client-cert.");
        }

        RequireFile("--ca-file", settings.CaFile);
        RequireFile("--client-cert", settings.ClientCertificate);
        RequireFile("--client-key", settings.ClientKey);
        SocketsHttpHandler handler;
        try
        {
            handler = MediaGrpcChannels.CreateHandler(new MediaGrpcTlsOptions
            {
                CaFile = settings.CaFile,
                ClientCertificateFile = settings.ClientCertificate,
                ClientKeyFile = settings.ClientKey,
            });
        }
        catch (ArgumentException e)
        {
            // The SDK names the client certificate's parameter; anything else is the CA file.
            var flag = e.ParamName == "certificateFile" ? "--client-cert" : "--ca-file";
            throw new CliException(ExitCodes.InvalidArgument, $"{flag}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.InvalidArgument, $"a certificate file cannot be read: {e.Message}");
        }

        handler.UseCookies = false;
        return handler;
    }

    private static void RequireFile(string flag, string? path)
    {
        if (path is not null && !File.Exists(path))
        {
            throw new CliException(ExitCodes.InvalidArgument, $"{flag} '{path}' does not exist.");
        }
    }
}
