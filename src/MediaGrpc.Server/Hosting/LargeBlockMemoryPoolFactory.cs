using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace MediaGrpc.Server.Hosting;

/// <summary>
/// Hands Kestrel a <see cref="LargeBlockMemoryPool"/>: registered as the service collection's
/// <see cref="IMemoryPoolFactory{T}"/>, it is what Kestrel's socket transport creates its pools from.
/// </summary>
internal sealed class LargeBlockMemoryPoolFactory(int blockSize) : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool(blockSize);
}
