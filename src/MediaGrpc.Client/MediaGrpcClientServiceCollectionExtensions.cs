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
    /// channel options, handlers. For <c>https://</c> servers with a private authority or
    /// mutual TLS, configure <see cref="MediaGrpcTlsOptions"/> (e.g.
    /// <c>services.Configure&lt;MediaGrpcTlsOptions&gt;(t =&gt; t.CaFile = "ca.pem")</c>): the
    /// primary handler uses them.
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
            .ConfigurePrimaryHttpMessageHandler(provider =>
                MediaGrpcChannels.CreateHandler(provider.GetService<IOptions<MediaGrpcTlsOptions>>()?.Value))
            .ConfigureGrpcClientCreator((provider, invoker) =>
                new MediaGrpcClient(invoker, provider.GetRequiredService<IOptions<MediaGrpcClientOptions>>().Value));
    }
}
