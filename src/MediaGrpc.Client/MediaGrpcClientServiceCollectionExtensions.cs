using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Client;

/// <summary>Registers <see cref="MediaGrpcClient"/> with Grpc.Net.ClientFactory.</summary>
public static class MediaGrpcClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MediaGrpcClient"/> as a gRPC client of the client factory, e.g.
    /// <c>services.AddMediaGrpcClient(o =&gt; o.Address = new Uri("http://media:5000"));</c>.
    /// Its settings come from <c>IOptions&lt;MediaGrpcClientOptions&gt;</c> (configure them with
    /// <paramref name="configureOptions"/> or bind them from configuration). The returned
    /// builder takes the client factory's usual extras: interceptors, call credentials,
    /// channel options, handlers.
    /// </summary>
    public static IHttpClientBuilder AddMediaGrpcClient(
        this IServiceCollection services,
        Action<GrpcClientFactoryOptions> configureClient,
        Action<MediaGrpcClientOptions>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureClient);
        var options = services.AddOptions<MediaGrpcClientOptions>();
        if (configureOptions is not null)
        {
            options.Configure(configureOptions);
        }

        return services
            .AddGrpcClient<MediaGrpcClient>(configureClient)
            .ConfigurePrimaryHttpMessageHandler(MediaGrpcChannels.CreateHandler)
            .ConfigureGrpcClientCreator((provider, invoker) =>
                new MediaGrpcClient(invoker, provider.GetRequiredService<IOptions<MediaGrpcClientOptions>>().Value));
    }
}
