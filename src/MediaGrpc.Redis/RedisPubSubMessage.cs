namespace MediaGrpc.Redis;

/// <summary>One message delivered to a <see cref="RedisSubscriber"/>.</summary>
/// <param name="Channel">The channel it was published to.</param>
/// <param name="Pattern">The PSUBSCRIBE pattern that matched it; null for a plain SUBSCRIBE.</param>
/// <param name="Payload">The published bytes.</param>
public sealed record RedisPubSubMessage(string Channel, string? Pattern, ReadOnlyMemory<byte> Payload);
