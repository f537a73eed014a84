using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>Deterministic test content and checks on it.</summary>
internal static class TestData
{
    /// <summary>Default per-test timeout: a hang fails fast instead of stalling the suite.</summary>
    public const int Timeout = 60_000;

    /// <summary><paramref name="size"/> pseudo-random bytes, the same for the same seed.</summary>
    public static byte[] Bytes(int size, int seed = 1)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static ByteString Sha256(byte[] bytes) => ByteString.CopyFrom(SHA256.HashData(bytes));

    /// <summary>Runs <paramref name="call"/> and returns the RpcException it must throw.</summary>
    public static async Task<RpcException> FailsWith(StatusCode expected, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(expected == error.StatusCode, $"Expected {expected}, got {error.Status}.");
        return error;
    }
}
