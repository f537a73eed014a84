namespace MediaGrpc.Deployment.Tests;

/// <summary>
/// A token that ends each test's own waits before xunit's <c>Timeout</c> abandons the
/// test, so the test's <c>finally</c> blocks still stop the processes it started.
/// </summary>
internal static class TestDeadline
{
    public static CancellationTokenSource Start(TimeSpan? limit = null) => new(limit ?? TimeSpan.FromSeconds(90));
}
