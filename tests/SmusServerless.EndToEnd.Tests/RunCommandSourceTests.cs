using System.Text.Json;
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

    [Fact]
    public async Task Run_json_of_a_folder_that_cannot_be_bundled_carries_the_reasons_with_file_line_and_column()
    {
        var copy = ExampleCopy.Create(Path.Combine(OfflineWorld.RepositoryRoot, "examples", "marketing-demo"), Path.Combine(_scratch, "app"));
        copy.Write("pipeline.yaml", copy.Read("pipeline.yaml").Replace("pipelineName:", "pipelineNam:", StringComparison.Ordinal));
        var stdout = new StringWriter();

        var exit = await CliApplication.RunAsync(["run", copy.Directory, "--json", "--state-dir", Path.Combine(_scratch, "state")],
            stdout, TextWriter.Null, new Dictionary<string, string?>());

        Assert.Equal(1, exit);
        using var document = JsonDocument.Parse(stdout.ToString().Trim().Split('\n')[^1]);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal("invalid-content", error.GetProperty("kind").GetString());
        var diagnostics = error.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d =>
        {
            Assert.EndsWith("pipeline.yaml", d.GetProperty("file").GetString(), StringComparison.Ordinal);
            Assert.True(d.GetProperty("line").GetInt32() > 0);
            Assert.True(d.GetProperty("column").GetInt32() > 0);
        });
    }

    [Fact]
    public async Task App_tests_no_storage_item_includes_are_bundled_and_run_after_each_deploy()
    {
        var copy = ExampleCopy.Create(Path.Combine(OfflineWorld.RepositoryRoot, "examples", "marketing-demo"), Path.Combine(_scratch, "app"));
        copy.Write("pipeline.yaml", copy.Read("pipeline.yaml").Replace("include: ['src', 'tests']", "include: ['src']", StringComparison.Ordinal));
        // App tests as smus-cli users write them check the deployed target (smus_config, the environment), not the
        // bundled sources: the one test that imports src/ goes, since src/ is no longer beside the tests.
        copy.Delete("tests/test_metrics.py");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await CliApplication.RunAsync(["run", copy.Directory, "--auto-approve", "--state-dir", Path.Combine(_scratch, "state")],
            stdout, stderr, new Dictionary<string, string?>());

        Assert.True(exit == 0, $"{stdout}\n{stderr}");
        var status = new StringWriter();
        await CliApplication.RunAsync(["status", "--state-dir", Path.Combine(_scratch, "state")], status, TextWriter.Null, new Dictionary<string, string?>());
        var deployments = status.ToString().Split('\n').Where(line => line.Contains("MarketingDemo/", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, deployments.Count);
        Assert.All(deployments, line => Assert.Matches(@"tests [1-9]\d* passed, 0 failed", line));
    }
}
