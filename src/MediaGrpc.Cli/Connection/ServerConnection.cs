using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Rpc;
using MediaGrpc.Rpc.Protos.Health.V1;

namespace MediaGrpc.Cli.Connection;

/// <summary>
/// The channel to the server, the SDK client on it, and the calls the SDK does not wrap
/// (TransferService, health). With <see cref="Errors.CliFailures"/>, the only code that
/// knows the gRPC library.
/// </summary>
internal sealed class ServerConnection : IDisposable
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor s_transfers = TransferReflection.Descriptor.Services[0];
    private static readonly Method<GetTransferRequest, GetTransferResponse> s_getTransfer = Method<GetTransferRequest, GetTransferResponse>.Create(s_transfers, "GetTransfer");
    private static readonly Method<ListTransfersRequest, ListTransfersResponse> s_listTransfers = Method<ListTransfersRequest, ListTransfersResponse>.Create(s_transfers, "ListTransfers");
    private static readonly Method<WatchTransferRequest, WatchTransferResponse> s_watchTransfer = Method<WatchTransferRequest, WatchTransferResponse>.Create(s_transfers, "WatchTransfer");
    private static readonly Method<CancelTransferRequest, CancelTransferResponse> s_cancelTransfer = Method<CancelTransferRequest, CancelTransferResponse>.Create(s_transfers, "CancelTransfer");
    private static readonly Method<PauseTransferRequest, PauseTransferResponse> s_pauseTransfer = Method<PauseTransferRequest, PauseTransferResponse>.Create(s_transfers, "PauseTransfer");
    private static readonly Method<ResumeTransferRequest, ResumeTransferResponse> s_resumeTransfer = Method<ResumeTransferRequest, ResumeTransferResponse>.Create(s_transfers, "ResumeTransfer");
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> s_healthCheck = Method<HealthCheckRequest, HealthCheckResponse>.Create(HealthReflection.Descriptor.Services[0], "Check");

    private readonly SocketsHttpHandler _handler;
    private readonly GrpcChannel _channel;
    private readonly string? _apiKey;

    private ServerConnection(SocketsHttpHandler handler, GrpcChannel channel, string? apiKey)
    {
        _handler = handler;
        _channel = channel;
        _apiKey = apiKey;
    }

    public static ServerConnection Open(ConnectionSettings settings)
    {
        var address = settings.Address;
        var handler = HttpHandlerFactory.Create(settings);
        try
        {
            var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler });
            return new ServerConnection(handler, channel, settings.ApiKey);
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
        (await _channel.UnaryAsync(s_getTransfer, new GetTransferRequest { TransferId = transferId }, Call(cancellationToken))).Transfer;

    public Task<ListTransfersResponse> ListTransfersAsync(string pageToken, CancellationToken cancellationToken) =>
        _channel.UnaryAsync(s_listTransfers, new ListTransfersRequest { PageToken = pageToken }, Call(cancellationToken));

    public async Task<Transfer> CancelTransferAsync(string transferId, CancellationToken cancellationToken) =>
        (await _channel.UnaryAsync(s_cancelTransfer, new CancelTransferRequest { TransferId = transferId }, Call(cancellationToken))).Transfer;

    public async Task<Transfer> PauseTransferAsync(string transferId, CancellationToken cancellationToken) =>
        (await _channel.UnaryAsync(s_pauseTransfer, new PauseTransferRequest { TransferId = transferId }, Call(cancellationToken))).Transfer;

    public async Task<Transfer> ResumeTransferAsync(string transferId, CancellationToken cancellationToken) =>
        (await _channel.UnaryAsync(s_resumeTransfer, new ResumeTransferRequest { TransferId = transferId }, Call(cancellationToken))).Transfer;

    /// <summary>The snapshot and events of a transfer, until it ends.</summary>
    public async IAsyncEnumerable<WatchTransferResponse> WatchTransferAsync(
        string transferId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = _channel.ServerStreaming(s_watchTransfer, new WatchTransferRequest { TransferId = transferId }, Call(cancellationToken));
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            yield return call.ResponseStream.Current;
        }
    }

    /// <summary>The server's overall health (grpc.health.v1, empty service name): SERVING, NOT_SERVING, ...</summary>
    public async Task<string> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var response = await _channel.UnaryAsync(s_healthCheck, new HealthCheckRequest(), Call(cancellationToken));
        return response.Status switch
        {
            HealthCheckResponse.Types.ServingStatus.Serving => "SERVING",
            HealthCheckResponse.Types.ServingStatus.NotServing => "NOT_SERVING",
            HealthCheckResponse.Types.ServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
            _ => "UNKNOWN",
        };
    }

    public void Dispose()
    {
        _channel.Dispose();
        _handler.Dispose();
    }

    private CallOptions Call(CancellationToken cancellationToken)
    {
        Metadata? headers = _apiKey is null ? null : new Metadata { { "authorization", "Bearer " + _apiKey } };
        return new CallOptions(headers, null, cancellationToken);
    }
}
