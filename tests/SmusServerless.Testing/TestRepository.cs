namespace SmusServerless.Testing;

/// <summary>
/// Where the repository's own files are, for tests (in the test-support project every test project references): the
/// checkout holding SmusServerless.sln above the test assembly, and the data vendored under <c>vendor/</c>. Tests read
/// only what the repository holds.
/// </summary>
public static class TestRepository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A path under <c>vendor/aws-models</c> (official models and test vectors; see its README).</summary>
    public static string AwsModels(params string[] parts) => Path.Combine([Root, "vendor", "aws-models", .. parts]);

    /// <summary>A file of the test tools <c>scripts/install-test-tools.sh</c> installs (<c>SMUS_TOOLS_DIR</c>, else <c>.tools/</c>).</summary>
    public static string Tool(params string[] parts)
    {
        var tools = Environment.GetEnvironmentVariable("SMUS_TOOLS_DIR") ?? Path.Combine(Root, ".tools");
        var path = Path.Combine([tools, "node_modules", .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new InvalidOperationException($"{path} is missing: install the test tools with `bash scripts/install-test-tools.sh`.");
        return path;
    }

    /// <summary>Copies an example (<c>examples/&lt;name&gt;</c>) to <paramref name="destination"/>, for a test to run or edit.</summary>
    public static string CopyExample(string name, string destination)
    {
        var source = PathOf("examples", name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return destination;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SmusServerless.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"SmusServerless.sln was not found above {AppContext.BaseDirectory}.");
    }
}
