using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MediaGrpc.Server.Transfers.Redis;

/// <summary>Builds the process's one <see cref="IConnectionMultiplexer"/> from <see cref="RedisRegistryOptions.Configuration"/>.</summary>
internal static class RedisConnectionFactory
{
    public static IConnectionMultiplexer Connect(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<TransferOptions>>().Value;
        var configuration = ConfigurationOptions.Parse(options.Redis.Configuration);

        // The registry degrades while Redis is away (README, "Redis trouble"), so neither the
        // start nor a later reconnect may give up: the multiplexer keeps retrying.
        configuration.AbortOnConnectFail = false;
        configuration.ClientName ??= "mediagrpc-" + (options.ReplicaName ?? Environment.MachineName);

        // Its own logging goes through ours; it never writes the password.
        configuration.LoggerFactory ??= services.GetRequiredService<ILoggerFactory>();
        return ConnectionMultiplexer.Connect(configuration);
    }
}
