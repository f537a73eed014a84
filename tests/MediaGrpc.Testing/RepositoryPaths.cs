namespace MediaGrpc.Testing;

/// <summary>Locates the repository root and the Node tools installed from its package.json.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder holding MediaGrpc.sln.</summary>
    public static string Root => s_root.Value;

    /// <summary>The folder of executables installed by <c>npm ci</c> at the root.</summary>
    public static string NodeBin => Path.Combine(Root, "node_modules", ".bin");

    /// <summary>Path of a Node tool such as <c>azurite-blob</c> or <c>buf</c>.</summary>
    public static string NodeTool(string name)
    {
        var path = Path.Combine(NodeBin, name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"'{name}' is not installed at {path}. Run 'npm ci' at the repository root.");
        }

        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MediaGrpc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MediaGrpc.sln not found above " + AppContext.BaseDirectory);
    }
}
