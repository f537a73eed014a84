namespace MediaGrpc.Redis.Tests.Support;

/// <summary>Limits that make a hang fail fast instead of stalling the run.</summary>
internal static class TestTimeouts
{
    /// <summary>Per test, in milliseconds, for <c>[Fact(Timeout = …)]</c>.</summary>
    public const int Test = 30_000;

    /// <summary>For the cancellation token a test passes down; shorter than <see cref="Test"/> so it fires first.</summary>
    public static readonly TimeSpan Operations = TimeSpan.FromSeconds(20);
}
