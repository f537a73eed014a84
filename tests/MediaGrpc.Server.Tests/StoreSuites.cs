using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>The service behaviour suite on the local-disk store (the embedded default).</summary>
public sealed class LocalDiskMediaServiceTests(LocalDiskServerFixture fixture)
    : MediaServiceBehaviour(fixture), IClassFixture<LocalDiskServerFixture>;

/// <summary>The same suite on Azure Blob storage, played by a real Azurite.</summary>
public sealed class AzuriteMediaServiceTests(AzuriteServerFixture fixture)
    : MediaServiceBehaviour(fixture), IClassFixture<AzuriteServerFixture>;
