namespace MediaGrpc.Server.Tests;

/// <summary>Two callers, alice and bob, each with a configured API key.</summary>
internal static class TwoOwners
{
    public const string AliceKey = "alice-key-0123456789";
    public const string BobKey = "bob-key-0123456789ab";

    /// <summary>Adds both keys to a server configuration and returns it.</summary>
    public static Dictionary<string, string?> WithKeys(this Dictionary<string, string?> configuration)
    {
        configuration["Authentication:ApiKeys:0:Key"] = AliceKey;
        configuration["Authentication:ApiKeys:0:Owner"] = "alice";
        configuration["Authentication:ApiKeys:1:Key"] = BobKey;
        configuration["Authentication:ApiKeys:1:Owner"] = "bob";
        return configuration;
    }
}
