using MediaGrpc.Server.Transfers;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Tests.Transfers;

public sealed class InProcessTransferRegistryTests : TransferRegistryBehaviour
{
    private readonly ManualTimeProvider _clock = new();

    internal override Task<ITransferRegistry> CreateAsync() => Task.FromResult<ITransferRegistry>(
        new InProcessTransferRegistry(Options.Create(new TransferOptions { HeartbeatTtl = Ttl }), _clock));

    protected override Task LetHeartbeatsLapseAsync()
    {
        _clock.Advance(Ttl + TimeSpan.FromMilliseconds(1));
        return Task.CompletedTask;
    }
}
