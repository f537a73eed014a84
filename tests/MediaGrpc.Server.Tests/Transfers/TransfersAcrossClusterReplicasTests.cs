using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>
/// The replica suite on a 3-master Redis Cluster, replica A configured by environment
/// variables only: limit of 9 across replicas, watch, cancel, pause and resume from the other
/// replica, one writer per upload.
/// </summary>
public sealed class TransfersAcrossClusterReplicasTests(ClusterReplicaPairFixture fixture) : TransfersAcrossReplicasBehaviour(fixture), IClassFixture<ClusterReplicaPairFixture>
{
}
