namespace SmusServerless.Cli.Tests.SmusCli;

/// <summary>bundle [STAGE] [-t a,b] -m FILE -d DIR -o TEXT|JSON --local, as smus-cli users type it; -o DIR still works, deprecated.</summary>
public sealed class BundleSmusCliTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly CliRunner _cli;

    public BundleSmusCliTests()
    {
        AppProject.Write(_directory.Path);
        _cli = new CliRunner(_directory.Path);
    }

    public void Dispose() => _directory.Dispose();

    private Task<CliRun> BundleAsync(params string[] args) =>
        _cli.RunAsync(["bundle", .. args, "--version", "1.0.0", "--author", "dev@example.com"]);

    [Fact]
    public async Task An_application_manifest_bundles_into_artifacts_of_the_working_directory_by_default()
    {
        var run = await BundleAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(_directory.Combine("artifacts", "SalesApp-1.0.0.zip")), run.ToString());
    }

    [Fact]
    public async Task A_pipeline_manifest_keeps_its_bundles_directory_by_default()
    {
        SampleProject.Write(_directory.Combine("legacy"));

        var run = await BundleAsync("-m", "legacy");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(_directory.Combine("legacy", "bundles", "Sample-1.0.0.zip")), run.ToString());
    }

    [Fact]
    public async Task Dash_d_names_the_directory()
    {
        var run = await BundleAsync("-d", "out");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(_directory.Combine("out", "SalesApp-1.0.0.zip")));
    }

    [Fact]
    public async Task Dash_o_JSON_prints_one_document_naming_the_stage()
    {
        var run = await BundleAsync("-o", "JSON");

        Assert.True(run.ExitCode == 0, run.ToString());
        var document = AppProject.SingleDocument(run);
        Assert.Equal("bundle", document.GetProperty("command").GetString());
        Assert.Equal("dev", document.GetProperty("stage").GetString());
        Assert.EndsWith(Path.Combine("artifacts", "SalesApp-1.0.0.zip"), document.GetProperty("path").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dash_o_with_a_directory_still_writes_there_and_warns_to_use_dash_d()
    {
        var run = await BundleAsync("-o", "out");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(_directory.Combine("out", "SalesApp-1.0.0.zip")));
        Assert.Contains("warning: 'bundle -o out' is deprecated", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("use -d/--output-dir out", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dash_o_with_a_directory_and_json_lines_keeps_stdout_machine_readable()
    {
        var run = await BundleAsync("-o", "out", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("bundle", run.Document().GetProperty("command").GetString());
    }

    [Fact]
    public async Task Dash_o_with_a_directory_and_dash_d_is_a_usage_error()
    {
        var run = await BundleAsync("-o", "out", "-d", "other");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("both name the output directory", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory.Combine("out")));
    }

    [Fact]
    public async Task The_positional_stage_is_the_stage_the_bundle_is_for()
    {
        var run = await BundleAsync("test", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("test", run.Document().GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Dash_t_is_the_same_as_the_positional_stage()
    {
        var run = await BundleAsync("-t", "test", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("test", run.Document().GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Without_a_stage_the_bundle_is_for_the_DEV_stage()
    {
        var run = await BundleAsync("--json");

        Assert.Equal("dev", run.Document().GetProperty("stage").GetString());
    }

    [Fact]
    public async Task An_unknown_stage_is_a_usage_error_naming_the_known_ones()
    {
        var run = await BundleAsync("staging");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no stage 'staging'; the manifest's stages are dev, test", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory.Combine("artifacts")));
    }

    [Fact]
    public async Task Of_a_list_of_stages_the_first_is_used_with_a_warning()
    {
        var run = await BundleAsync("-t", "test,dev", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("test", run.Document().GetProperty("stage").GetString());
        Assert.Contains("-t test,dev bundles for 'test'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_stage_of_a_list_must_exist_only_as_far_as_the_first()
    {
        var run = await BundleAsync("-t", "nope,dev");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no stage 'nope'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_different_stages_given_both_ways_are_a_usage_error()
    {
        var run = await BundleAsync("dev", "-t", "test");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the stage is given twice", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_targets_list_is_a_usage_error()
    {
        var run = await BundleAsync("-t", ",");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("-t/--targets names no stage", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_is_accepted_and_bundles_from_the_checkout()
    {
        var run = await BundleAsync("--local");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var zip = System.IO.Compression.ZipFile.OpenRead(_directory.Combine("artifacts", "SalesApp-1.0.0.zip"));
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith("main.py", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_text_output_names_the_stage()
    {
        var run = await BundleAsync("test");

        Assert.Contains("  stage    test (TEST)", run.Stdout, StringComparison.Ordinal);
    }
}

/// <summary>The output directory of an application manifest's bundle is never bundled itself.</summary>
public sealed class BundleOutputInsideTheTreeTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly CliRunner _cli;

    public BundleOutputInsideTheTreeTests()
    {
        AppProject.Write(_directory.Path);
        _cli = new CliRunner(_directory.Path);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_earlier_bundle_in_the_output_directory_is_not_bundled_again()
    {
        var first = await _cli.RunAsync("bundle", "-d", "src/out", "--version", "1.0.0", "--author", "dev@example.com");
        Assert.True(first.ExitCode == 0, first.ToString());

        var second = await _cli.RunAsync("bundle", "-d", "src/out", "--version", "1.0.1", "--author", "dev@example.com");

        Assert.True(second.ExitCode == 0, second.ToString());
        using var zip = System.IO.Compression.ZipFile.OpenRead(_directory.Combine("src", "out", "SalesApp-1.0.1.zip"));
        Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".zip", StringComparison.Ordinal));
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith("main.py", StringComparison.Ordinal));
    }
}
