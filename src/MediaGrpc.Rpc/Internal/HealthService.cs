using Google.Protobuf.Reflection;
using MediaGrpc.Rpc.Protos.Health.V1;
using ServingStatus = MediaGrpc.Rpc.Protos.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// grpc.health.v1.Health, https://github.com/grpc/grpc/blob/master/doc/health-checking.md :
/// Check answers NOT_FOUND for an unknown service; Watch sends the state at once and
/// again on every change (SERVICE_UNKNOWN for an unknown service) until the call ends.
/// </summary>
internal sealed class HealthService(HealthStatusRegistry registry) : IGrpcService
{
    public ServiceDescriptor Descriptor => HealthReflection.Descriptor.Services[0];

    public void Bind(GrpcServiceBinder binder) => binder
        .Unary<HealthCheckRequest, HealthCheckResponse>("Check", CheckAsync)
        .Unary<HealthListRequest, HealthListResponse>("List", ListAsync)
        .ServerStreaming<HealthCheckRequest, HealthCheckResponse>("Watch", WatchAsync);

    private Task<HealthCheckResponse> CheckAsync(HealthCheckRequest request, ServerCallContext context)
    {
        var serving = registry.GetServing(request.Service)
            ?? throw new RpcException(StatusCode.NotFound, $"Unknown service '{request.Service}'.");
        return Task.FromResult(new HealthCheckResponse { Status = ToStatus(serving) });
    }

    private Task<HealthListResponse> ListAsync(HealthListRequest request, ServerCallContext context)
    {
        var response = new HealthListResponse();
        foreach (var (service, serving) in registry.Snapshot())
        {
            response.Statuses[service] = new HealthCheckResponse { Status = ToStatus(serving) };
        }

        return Task.FromResult(response);
    }

    private async Task WatchAsync(HealthCheckRequest request, IAsyncStreamWriter<HealthCheckResponse> responses, ServerCallContext context)
    {
        ServingStatus? last = null;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var changed = registry.WaitForChangeAsync(context.CancellationToken);
            var current = registry.GetServing(request.Service) is { } serving ? ToStatus(serving) : ServingStatus.ServiceUnknown;
            if (current != last)
            {
                await responses.WriteAsync(new HealthCheckResponse { Status = current }, context.CancellationToken);
                last = current;
            }

            await changed;
        }

        context.CancellationToken.ThrowIfCancellationRequested();
    }

    private static ServingStatus ToStatus(bool serving) => serving ? ServingStatus.Serving : ServingStatus.NotServing;
}
