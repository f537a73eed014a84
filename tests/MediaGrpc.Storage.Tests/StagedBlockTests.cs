namespace MediaGrpc.Storage.Tests;

public sealed class StagedBlockTests
{
    [Fact]
    public void Persisted_offset_is_the_end_of_the_run_from_zero()
    {
        Assert.Equal(0, StagedBlock.PersistedOffset([]));
        Assert.Equal(0, StagedBlock.PersistedOffset([new StagedBlock(10, 5)]));
        Assert.Equal(15, StagedBlock.PersistedOffset([new StagedBlock(0, 10), new StagedBlock(10, 5), new StagedBlock(20, 5)]));
    }
}
