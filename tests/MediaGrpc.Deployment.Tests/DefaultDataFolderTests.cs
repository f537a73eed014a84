using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Deployment.Tests;

/// <summary><c>dotnet run</c> stores media under src/MediaGrpc.Server/data: git must not offer them for commit.</summary>
public sealed class DefaultDataFolderTests
{
    [Theory(Timeout = 60_000)]
    [InlineData("src/MediaGrpc.Server/data/blobs/ttl-7d/some-media")]
    [InlineData("src/MediaGrpc.Server/data/anything-else")]
    public async Task Files_in_the_default_data_folder_are_ignored_by_git(string path)
    {
        var result = await CommandRunner.RunAsync("git", ["check-ignore", "--no-index", "-v", path], TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, $"{path} is not git-ignored.\n{result}");
    }

    [Fact(Timeout = 60_000)]
    public async Task Source_files_beside_it_are_not_ignored()
    {
        var result = await CommandRunner.RunAsync("git", ["check-ignore", "--no-index", "src/MediaGrpc.Server/Program.cs"], TimeSpan.FromSeconds(30));

        Assert.Equal(1, result.ExitCode);
    }
}
