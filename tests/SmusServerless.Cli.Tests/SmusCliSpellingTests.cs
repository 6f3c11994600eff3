namespace SmusServerless.Cli.Tests;

/// <summary>smus-cli users keep their command lines and their manifest's name: -m/--manifest, -d/--output-dir, manifest.yaml.</summary>
public sealed class SmusCliSpellingTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly CliRunner _cli;

    public SmusCliSpellingTests() => _cli = new CliRunner(_directory.Path);

    public void Dispose() => _directory.Dispose();

    private string WriteAsManifestYaml(string folder)
    {
        var project = SampleProject.Write(_directory.Combine(folder));
        File.Move(Path.Combine(project, "pipeline.yaml"), Path.Combine(project, "manifest.yaml"));
        return project;
    }

    [Fact]
    public async Task Validate_takes_the_manifest_with_dash_m()
    {
        WriteAsManifestYaml("app");

        var run = await _cli.RunAsync("validate", "-m", "app/manifest.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("app/manifest.yaml: valid:", run.Stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_takes_the_long_manifest_option()
    {
        WriteAsManifestYaml("app");

        var run = await _cli.RunAsync("validate", "--manifest", "app/manifest.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task A_folder_without_pipeline_yaml_means_its_manifest_yaml()
    {
        WriteAsManifestYaml("app");

        var run = await _cli.RunAsync("validate", "-m", "app");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith(Path.Combine("app", "manifest.yaml") + ": valid:", run.Stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_option_and_no_pipeline_yaml_the_default_is_manifest_yaml()
    {
        File.WriteAllText(_directory.Combine("manifest.yaml"), SampleProject.Manifest);

        var run = await _cli.RunAsync("validate");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("manifest.yaml: valid:", run.Stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_yaml_wins_over_manifest_yaml_in_one_folder()
    {
        var project = SampleProject.Write(_directory.Combine("app"));
        File.WriteAllText(Path.Combine(project, "manifest.yaml"), "not: a manifest\n");

        var run = await _cli.RunAsync("validate", "-m", "app");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith(Path.Combine("app", "pipeline.yaml") + ": valid:", run.Stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bundle_takes_dash_m_and_dash_d_as_smus_cli_does()
    {
        WriteAsManifestYaml("app");

        var run = await _cli.RunAsync("bundle", "-m", "app/manifest.yaml", "-d", "artifacts", "--version", "1.0.0", "--commit", "abc", "--author", "dev@example.com");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(Directory.GetFiles(_directory.Combine("artifacts"), "*.zip"));
    }

    [Fact]
    public async Task A_missing_manifest_is_named()
    {
        var run = await _cli.RunAsync("validate", "-m", "nowhere/manifest.yaml");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("nowhere/manifest.yaml: no such manifest file", run.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>App tests are bundled whether or not a storage item includes them; only what storage includes is deployed.</summary>
public sealed class BundledTestsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly CliRunner _cli;

    public BundledTestsTests() => _cli = new CliRunner(_directory.Path);

    public void Dispose() => _directory.Dispose();

    private async Task<IReadOnlyList<string>> BundleEntriesAsync(string manifest)
    {
        SampleProject.Write(_directory.Combine("app"), manifest);
        var run = await _cli.RunAsync("bundle", "-m", "app", "-d", "out", "--version", "1.0.0", "--commit", "abc", "--author", "dev@example.com");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var zip = System.IO.Compression.ZipFile.OpenRead(Assert.Single(Directory.GetFiles(_directory.Combine("out"), "*.zip")));
        return [.. zip.Entries.Select(e => e.FullName)];
    }

    [Fact]
    public async Task A_tests_folder_no_storage_item_includes_is_bundled_at_the_root()
    {
        var entries = await BundleEntriesAsync(SampleProject.Manifest.Replace("include: ['src', 'tests']", "include: ['src']", StringComparison.Ordinal));

        Assert.Contains("tests/test_main.py", entries);
        Assert.DoesNotContain("storage/tests/test_main.py", entries);
    }

    [Fact]
    public async Task A_tests_folder_a_storage_item_includes_stays_where_storage_puts_it()
    {
        var entries = await BundleEntriesAsync(SampleProject.Manifest);

        Assert.Contains("storage/tests/test_main.py", entries);
        Assert.DoesNotContain("tests/test_main.py", entries);
    }

    [Fact]
    public async Task A_missing_tests_folder_is_still_refused_by_name()
    {
        SampleProject.Write(_directory.Combine("app"), SampleProject.Manifest.Replace("folder: ./tests", "folder: ./app_tests", StringComparison.Ordinal));

        var run = await _cli.RunAsync("bundle", "-m", "app", "-d", "out", "--version", "1.0.0");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("targets.dev.tests", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("app_tests", run.Stderr, StringComparison.Ordinal);
    }
}
