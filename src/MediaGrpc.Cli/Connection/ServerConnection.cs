using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Cli.Connection;

/// <summary>
/// The channel to the server, the SDK client on it, and the calls the SDK does not wrap
/// (TransferService, health). With <see cref="Errors.CliFailures"/>, the only code that
/// knows the gRPC library.
/// </summary>
internal sealed class ServerConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly TransferService.TransferServiceClient _transfers;
    private readonly Health.HealthClient _health;
    private readonly string? _apiKey;

    private ServerConnection(GrpcChannel channel, string? apiKey)
    {
        _channel = channel;
        _transfers = new TransferService.TransferServiceClient(channel);
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

    public async Task<Transfer> GetTransferAsync(string transferId, CancellationToken cancellationToken) =>
        (await _transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId }, Call(cancellationToken))).Transfer;

    public async Task<ListTransfersResponse> ListTransfersAsync(string pageToken, CancellationToken cancellationToken) =>
        await _transfers.ListTransfersAsync(new ListTransfersRequest { PageToken = pageToken }, Call(cancellationToken));

    public async Task<Transfer> CancelTransferAsync(string transferId, CancellationToken cancellationToken) =>
        (await _transfers.CancelTransferAsync(new CancelTransferRequest { TransferId = transferId }, Call(cancellationToken))).Transfer;

    public async Task<Transfer> PauseTransferAsync(string transferId, CancellationToken cancellationToken) =>
        (await _transfers.PauseTransferAsync(new PauseTransferRequest { TransferId = transferId }, Call(cancellationToken))).Transfer;

    public async Task<Transfer> ResumeTransferAsync(string transferId, CancellationToken cancellationToken) =>
        (await _transfers.ResumeTransferAsync(new ResumeTransferRequest { TransferId = transferId }, Call(cancellationToken))).Transfer;

    /// <summary>The snapshot and events of a transfer, until it ends.</summary>
    public async IAsyncEnumerable<WatchTransferResponse> WatchTransferAsync(
        string transferId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = _transfers.WatchTransfer(new WatchTransferRequest { TransferId = transferId }, Call(cancellationToken));
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            yield return call.ResponseStream.Current;
        }
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
