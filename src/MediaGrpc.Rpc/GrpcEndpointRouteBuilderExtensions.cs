using MediaGrpc.Rpc.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Rpc;

/// <summary>Maps the registered gRPC services onto HTTP/2 endpoints.</summary>
public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Binds every registered <see cref="IGrpcService"/> (failing here on any mismatch
    /// with its descriptor), maps one POST endpoint per method, marks each service
    /// SERVING, and answers any other gRPC path with UNIMPLEMENTED.
    /// </summary>
    public static IEndpointRouteBuilder MapGrpcServices(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var provider = endpoints.ServiceProvider;
        var runtime = provider.GetRequiredService<GrpcServerRuntime>();
        var options = provider.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
        var health = provider.GetRequiredService<HealthStatusRegistry>();

        var services = provider.GetServices<IGrpcService>().ToList();
        if (options.EnableReflection)
        {
            var reflection = provider.GetRequiredService<ReflectionService>();
            services.Add(reflection);
            services.Add(reflection.AsV1Alpha());
        }

        var descriptors = new List<Google.Protobuf.Reflection.ServiceDescriptor>();
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            var binder = new GrpcServiceBinder(service.Descriptor, runtime);
            service.Bind(binder);
            foreach (var handler in binder.Handlers)
            {
                if (!paths.Add(handler.Path))
                {
                    throw new InvalidOperationException($"gRPC method '{handler.Path}' is implemented by more than one service.");
                }

                endpoints.MapPost(handler.Path, handler.HandleAsync).WithDisplayName("gRPC " + handler.Path);
            }

            descriptors.Add(service.Descriptor);
            health.SetServing(service.Descriptor.FullName, true);
            GrpcServerLog.ServiceBound(runtime.Logger, service.Descriptor.FullName, binder.Handlers.Count, service.Descriptor.Methods.Count);
        }

        health.SetServing(string.Empty, true);
        provider.GetRequiredService<GrpcServiceCatalog>().Publish(descriptors);
        endpoints.MapFallback(context => UnimplementedCallHandler.HandleAsync(context, runtime.Logger));
        return endpoints;
    }
}
