namespace MediaGrpc.Rpc.Internal;

/// <summary>What the public call objects expose of a <see cref="ClientCall{TRequest, TResponse}"/>, without its request type.</summary>
internal interface IClientCall : IDisposable
{
    Task<Metadata> ResponseHeadersAsync { get; }

    Status GetStatus();

    Metadata GetTrailers();
}
