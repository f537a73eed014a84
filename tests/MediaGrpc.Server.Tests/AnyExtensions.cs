using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace MediaGrpc.Server.Tests;

/// <summary>Unpacks the typed error details a status carries.</summary>
internal static class AnyExtensions
{
    public static T ToAnyOf<T>(this Any detail)
        where T : IMessage<T>, new() =>
        detail.Unpack<T>();
}
