using System.IO.Compression;

namespace SmusServerless.Cli.Tests;

/// <summary>An application manifest's <c>tests.folder</c> is relative to the working directory, as smus-cli resolves it, and always bundled.</summary>
public sealed class AppTestsBundleTests : IDisposable
{
    private const string Manifest = """
        applicationName: NotebookApp
        content:
          storage:
            - name: notebooks
              include: [notebooks/]
        tests:
          folder: app_tests
        stages:
          dev:
            stage: DEV
            domain: {name: demo-domain, region: us-east-1}
            project: {name: dev-notebooks}
        """;

    private readonly TemporaryDirectory _directory = new();
    private readonly CliRunner _cli;

    public AppTestsBundleTests()
    {
        _cli = new CliRunner(_directory.Path);
        Write("app/manifest.yaml", Manifest);
        Write("app/notebooks/etl.py", "print('etl')\n");
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_tests_folder_beside_the_manifests_folder_is_found_from_the_working_directory_and_bundled_at_the_reserved_path()
    {
        Write("app_tests/test_a.py", "def test_a():\n    pass\n");
        Write("app_tests/conftest.py", "# mine\n");

        var run = await _cli.RunAsync("bundle", "-m", "app/manifest.yaml", "-d", "out", "--version", "1.0.0");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var zip = ZipFile.OpenRead(Assert.Single(Directory.GetFiles(_directory.Combine("out"), "*.zip")));
        Assert.Equal(["smus-app-tests/conftest.py", "smus-app-tests/test_a.py"],
            zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith("smus-app-tests/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_tests_folder_that_does_not_exist_is_an_error_naming_tests_folder_and_the_resolved_path()
    {
        Write("app/app_tests/test_a.py", "def test_a():\n    pass\n"); // beside the manifest, but the working directory is above it

        var run = await _cli.RunAsync("bundle", "-m", "app/manifest.yaml", "-d", "out", "--version", "1.0.0");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("tests.folder 'app_tests'", run.Stderr);
        Assert.Contains(_directory.Combine("app_tests"), run.Stderr);
        Assert.False(Directory.Exists(_directory.Combine("out")) && Directory.EnumerateFiles(_directory.Combine("out"), "*.zip").Any());
    }

    private void Write(string relativePath, string content)
    {
        var path = _directory.Combine(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
