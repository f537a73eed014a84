using Xunit;

namespace MediaGrpc.Deployment.Tests;

/// <summary>
/// Tests that build the server themselves (<c>dotnet publish</c>, <c>dotnet build</c>,
/// <c>dotnet run</c>) run one at a time: two builds of one project at once collide on the
/// files under its obj/ folder ("used by another process").
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServerBuilds
{
    public const string Name = "Builds of the server";
}
