namespace MediaGrpc.Redis.Internal;

/// <summary>How a <see cref="RedisArgument"/> holds its value until it is encoded.</summary>
internal enum RedisArgumentKind
{
    Text,
    Bytes,
    Integer,
    Double,
}
