using SmusServerless.Cli;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>`run` takes what a smus-cli user points at: a bundle, a project folder, or the manifest file itself.</summary>
public sealed class RunCommandSourceTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("smus-run-source-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Theory]
    [InlineData("pipeline.yaml")]
    [InlineData("MarketingDemo.yaml")]
    public async Task Run_of_a_manifest_file_bundles_its_folder_and_deploys_it(string manifestName)
    {
        var copy = ExampleCopy.Create(Path.Combine(OfflineWorld.RepositoryRoot, "examples", "marketing-demo"), Path.Combine(_scratch, "app"));
        var manifest = Path.Combine(copy.Directory, manifestName);
        if (manifestName != "pipeline.yaml")
            File.Move(Path.Combine(copy.Directory, "pipeline.yaml"), manifest);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await CliApplication.RunAsync(["run", manifest, "--auto-approve", "--state-dir", Path.Combine(_scratch, "state")],
            stdout, stderr, new Dictionary<string, string?>());

        Assert.True(exit == 0, $"{stdout}\n{stderr}");
        Assert.Contains("deployment succeeded", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_of_a_missing_path_names_it()
    {
        var stderr = new StringWriter();

        var exit = await CliApplication.RunAsync(["run", Path.Combine(_scratch, "nowhere.yaml"), "--state-dir", Path.Combine(_scratch, "state")],
            TextWriter.Null, stderr, new Dictionary<string, string?>());

        Assert.Equal(1, exit);
        Assert.Contains("nowhere.yaml: no such bundle, manifest or directory", stderr.ToString(), StringComparison.Ordinal);
    }
}
