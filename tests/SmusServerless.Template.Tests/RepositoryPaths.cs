namespace SmusServerless.Template.Tests;

/// <summary>Finds files of the repository (and the test tools installed in .tools/) from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Tool(params string[] parts)
    {
        var tools = Environment.GetEnvironmentVariable("SMUS_TOOLS_DIR") ?? Path.Combine(Root, ".tools");
        var path = Path.Combine([tools, "node_modules", .. parts]);
        if (!System.IO.File.Exists(path) && !Directory.Exists(path))
            throw new InvalidOperationException(
                $"{path} is missing: install the test tools with `bash scripts/install-test-tools.sh`.");
        return path;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "SmusServerless.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SmusServerless.sln not found above " + AppContext.BaseDirectory);
    }
}
