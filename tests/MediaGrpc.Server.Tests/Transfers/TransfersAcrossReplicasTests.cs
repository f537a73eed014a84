using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>The replica suite on one redis-server.</summary>
public sealed class TransfersAcrossReplicasTests(ReplicaPairFixture fixture) : TransfersAcrossReplicasBehaviour(fixture), IClassFixture<ReplicaPairFixture>
{
}
