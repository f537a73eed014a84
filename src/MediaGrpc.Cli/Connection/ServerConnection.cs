using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using MediaGrpc.Client;

namespace MediaGrpc.Cli.Connection;

/// <summary>
/// The channel to the server, the SDK client on it, and the call the SDK does not wrap
/// (health). With <see cref="Errors.CliFailures"/>, the only code that knows the gRPC library.
/// </summary>
internal sealed class ServerConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Health.HealthClient _health;
    private readonly string? _apiKey;

    private ServerConnection(GrpcChannel channel, string? apiKey)
    {
        _channel = channel;
        _health = new Health.HealthClient(channel);
        _apiKey = apiKey;
    }

    public static ServerConnection Open(ConnectionSettings settings)
    {
        var address = settings.Address;
        var handler = HttpHandlerFactory.Create(settings);
        try
        {
            // The channel owns the handler: disposing it closes the connections.
            var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
            return new ServerConnection(channel, settings.ApiKey);
        }
        catch
        {
            handler.Dispose();
            throw;
        }
    }

    /// <summary>The SDK client; <paramref name="options"/> gets the API key.</summary>
    public MediaGrpcClient CreateClient(MediaGrpcClientOptions? options = null)
    {
        options ??= new MediaGrpcClientOptions();
        options.ApiKey = _apiKey;
        return new MediaGrpcClient(_channel, options);
    }

    /// <summary>The server's overall health (grpc.health.v1, empty service name): SERVING, NOT_SERVING, ...</summary>
    public async Task<string> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var response = await _health.CheckAsync(new HealthCheckRequest(), Call(cancellationToken));
        return response.Status switch
        {
            HealthCheckResponse.Types.ServingStatus.Serving => "SERVING",
            HealthCheckResponse.Types.ServingStatus.NotServing => "NOT_SERVING",
            HealthCheckResponse.Types.ServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
            _ => "UNKNOWN",
        };
    }

    public void Dispose() => _channel.Dispose();

    private CallOptions Call(CancellationToken cancellationToken)
    {
        Metadata? headers = _apiKey is null ? null : new Metadata { { "authorization", "Bearer " + _apiKey } };
        return new CallOptions(headers, deadline: null, cancellationToken);
    }
}
