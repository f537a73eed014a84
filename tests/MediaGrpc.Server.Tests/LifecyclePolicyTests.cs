using System.Text.Json;
using MediaGrpc.Server.Media;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>The shipped Azure lifecycle policy matches the TTL classes the service enforces.</summary>
public sealed class LifecyclePolicyTests
{
    [Fact]
    public void Shipped_policy_is_the_one_generated_for_the_default_classes()
    {
        var options = new MediaOptions();
        new MediaOptionsSetup().PostConfigure(null, options);

        var generated = LifecyclePolicy.Build(options, "media");
        var shipped = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "charts", "mediagrpc", "lifecycle-policy.json"));

        Assert.Equal(generated, shipped);
    }

    [Fact]
    public void Each_ttl_class_deletes_its_prefix_after_its_days()
    {
        var options = new MediaOptions();
        options.TtlClasses.Add(new TtlClass { Name = "3d", Days = 3 });

        using var policy = JsonDocument.Parse(LifecyclePolicy.Build(options, "box"));

        var rule = policy.RootElement.GetProperty("rules")[0].GetProperty("definition");
        Assert.Equal("box/ttl-3d/", rule.GetProperty("filters").GetProperty("prefixMatch")[0].GetString());
        Assert.Equal(3, rule.GetProperty("actions").GetProperty("baseBlob").GetProperty("delete").GetProperty("daysAfterCreationGreaterThan").GetInt32());
    }
}
