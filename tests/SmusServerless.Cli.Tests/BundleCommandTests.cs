using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace SmusServerless.Cli.Tests;

public sealed class BundleCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly CliRunner _cli;
    private readonly string _project;
    private readonly string _output;

    public BundleCommandTests()
    {
        _cli = new CliRunner(_directory.Path);
        _project = SampleProject.Write(_directory.Combine("project"));
        _output = _directory.Combine("out");
    }

    public void Dispose() => _directory.Dispose();

    private Task<CliRun> BundleAsync(params string[] extra) =>
        _cli.RunAsync(["bundle", "-p", "project/pipeline.yaml", "-d", "out", .. extra]);

    private static List<string> EntryNames(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return [.. archive.Entries.Select(e => e.FullName)];
    }

    private static JsonElement BundleJson(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        using var stream = archive.GetEntry("bundle.json")!.Open();
        return JsonDocument.Parse(stream).RootElement.Clone();
    }

    [Fact]
    public async Task Writes_name_version_zip_and_prints_its_path_sha256_and_file_count()
    {
        var run = await BundleAsync("--version", "1.2.0");

        Assert.Equal(0, run.ExitCode);
        var zip = Path.Combine(_output, "Sample-1.2.0.zip");
        Assert.True(File.Exists(zip), run.ToString());
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(zip)));
        Assert.Contains($"bundled {Path.Combine("out", "Sample-1.2.0.zip")}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(sha256, run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"files    {SampleProject.BundledFiles.Count} (", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bundles_exactly_the_included_files_plus_bundle_json()
    {
        await BundleAsync("--version", "1");

        Assert.Equal([.. SampleProject.BundledFiles, "bundle.json"], EntryNames(Path.Combine(_output, "Sample-1.zip")));
    }

    [Fact]
    public async Task Leaves_out_pycache_pyc_and_notebook_checkpoints()
    {
        await BundleAsync("--version", "1");

        var names = EntryNames(Path.Combine(_output, "Sample-1.zip"));
        Assert.DoesNotContain(names, n => n.Contains("__pycache__", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.EndsWith(".pyc", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.Contains(".ipynb_checkpoints", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_builds_of_the_same_tree_are_byte_identical()
    {
        _cli.Environment["SOURCE_DATE_EPOCH"] = "1767225600";
        var first = (await BundleAsync("--version", "1", "--json")).Document();
        var firstBytes = File.ReadAllBytes(first.GetProperty("path").GetString()!);
        var second = (await BundleAsync("--version", "1", "--json")).Document();

        Assert.Equal(first.GetProperty("sha256").GetString(), second.GetProperty("sha256").GetString());
        Assert.Equal(firstBytes, File.ReadAllBytes(second.GetProperty("path").GetString()!));
    }

    [Fact]
    public async Task Default_output_is_the_bundles_directory_next_to_the_manifest()
    {
        var run = await _cli.RunAsync("bundle", "-p", "project", "--version", "3.0.0");

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(_project, "bundles", "Sample-3.0.0.zip")), run.ToString());
    }

    [Fact]
    public async Task The_bundles_directory_is_never_bundled_into_the_next_bundle()
    {
        await _cli.RunAsync("bundle", "-p", "project", "--version", "1");

        var run = await _cli.RunAsync("bundle", "-p", "project", "--version", "2");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(EntryNames(Path.Combine(_project, "bundles", "Sample-2.zip")), n => n.EndsWith(".zip", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Version_defaults_to_the_github_tag()
    {
        _cli.Environment["GITHUB_REF_TYPE"] = "tag";
        _cli.Environment["GITHUB_REF_NAME"] = "v2.1.0";
        _cli.Environment["GITHUB_RUN_NUMBER"] = "77";

        var run = await BundleAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(_output, "Sample-v2.1.0.zip")), run.ToString());
        Assert.Contains("(from GITHUB_REF_NAME)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_defaults_to_the_run_number_on_a_branch_build()
    {
        _cli.Environment["GITHUB_REF_TYPE"] = "branch";
        _cli.Environment["GITHUB_REF_NAME"] = "main";
        _cli.Environment["GITHUB_RUN_NUMBER"] = "77";

        var run = await BundleAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(_output, "Sample-77.zip")), run.ToString());
    }

    [Fact]
    public async Task No_version_anywhere_is_a_usage_error_that_says_how_to_give_one()
    {
        var run = await BundleAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pass --version", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_output));
    }

    [Fact]
    public async Task A_version_that_cannot_be_a_file_name_is_a_usage_error()
    {
        var run = await BundleAsync("--version", "../1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bundle version '../1' (from --version)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provenance_comes_from_options_before_ci_variables()
    {
        _cli.Environment["GITHUB_SHA"] = "aaaa111";
        _cli.Environment["GITHUB_ACTOR"] = "ci-bot";

        await BundleAsync("--version", "1", "--commit", "bbbb222");

        var source = BundleJson(Path.Combine(_output, "Sample-1.zip")).GetProperty("source");
        Assert.Equal("bbbb222", source.GetProperty("commit").GetString());
        Assert.Equal("ci-bot", source.GetProperty("author").GetString());
    }

    [Fact]
    public async Task Invalid_manifest_exits_1_with_its_diagnostics_and_writes_nothing()
    {
        File.WriteAllText(Path.Combine(_project, "pipeline.yaml"), SampleProject.Manifest.Replace("      name: prod-sample\n", "", StringComparison.Ordinal));

        var run = await BundleAsync("--version", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("targets.prod.project.name", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was bundled", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_output));
    }

    [Fact]
    public async Task A_tests_folder_missing_from_the_project_fails_the_second_validation()
    {
        // A tests folder the storage items leave out is bundled anyway (BundledTestsTests); one that is not there at all is not.
        File.WriteAllText(Path.Combine(_project, "pipeline.yaml"), SampleProject.Manifest.Replace("include: ['src', 'tests']", "include: ['src']", StringComparison.Ordinal));
        Directory.Delete(Path.Combine(_project, "tests"), recursive: true);

        var run = await BundleAsync("--version", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("targets.dev.tests", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_output, "Sample-1.zip")));
    }

    [Fact]
    public async Task An_include_that_does_not_exist_is_named()
    {
        Directory.Delete(Path.Combine(_project, "workflows"), recursive: true);

        var run = await BundleAsync("--version", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("bundle.workflow[0].include[0] 'workflows'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_manifest_exits_1_naming_it()
    {
        var run = await _cli.RunAsync("bundle", "-p", "elsewhere/pipeline.yaml", "--version", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("elsewhere/pipeline.yaml: no such manifest file", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_one_document_describing_the_bundle()
    {
        _cli.Environment["SOURCE_DATE_EPOCH"] = "1767225600";

        var run = await BundleAsync("--version", "1.0.0", "--commit", "abc", "--json");

        Assert.Equal(0, run.ExitCode);
        var document = run.Document();
        var path = document.GetProperty("path").GetString()!;
        Assert.Equal(Path.Combine(_output, "Sample-1.0.0.zip"), path);
        Assert.Equal("bundle", document.GetProperty("command").GetString());
        Assert.Equal("Sample", document.GetProperty("name").GetString());
        Assert.Equal("1.0.0", document.GetProperty("version").GetString());
        Assert.Equal("2026-01-01T00:00:00Z", document.GetProperty("created").GetString());
        Assert.Equal("abc", document.GetProperty("source").GetProperty("commit").GetString());
        Assert.Equal(SampleProject.BundledFiles.Count, document.GetProperty("fileCount").GetInt32());
        Assert.Equal(new FileInfo(path).Length, document.GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), document.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Json_output_of_an_invalid_manifest_carries_the_diagnostics()
    {
        File.WriteAllText(Path.Combine(_project, "pipeline.yaml"), SampleProject.Manifest.Replace("      name: prod-sample\n", "", StringComparison.Ordinal));

        var run = await BundleAsync("--version", "1", "--json");

        var error = run.Document().GetProperty("error");
        Assert.Equal("invalid-manifest", error.GetProperty("kind").GetString());
        Assert.Equal("targets.prod.project.name", Assert.Single(error.GetProperty("diagnostics").EnumerateArray()).GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_manifest_with_another_file_name_is_bundled_as_pipeline_yaml()
    {
        File.Move(Path.Combine(_project, "pipeline.yaml"), Path.Combine(_project, "prod-pipeline.yaml"));

        var run = await _cli.RunAsync("bundle", "-p", "project/prod-pipeline.yaml", "-d", "out", "--version", "1");

        Assert.Equal(0, run.ExitCode);
        var names = EntryNames(Path.Combine(_output, "Sample-1.zip"));
        Assert.Contains("pipeline.yaml", names);
        Assert.DoesNotContain("prod-pipeline.yaml", names);
    }

    [Fact]
    public async Task A_git_source_is_refused_with_what_to_do_instead()
    {
        File.WriteAllText(Path.Combine(_project, "pipeline.yaml"), SampleProject.Manifest.Replace(
            "bundle:\n", "bundle:\n  git:\n    repository: shared-lib\n    url: https://example.com/shared-lib.git\n    targetDir: lib\n", StringComparison.Ordinal));

        var run = await BundleAsync("--version", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("bundle.git", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("bundle.storage[]", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_output));
    }

    [Theory]
    [InlineData("marketing-demo", "MarketingDemo")]
    [InlineData("serverless-etl", "ServerlessEtl")]
    public async Task Example_pipelines_bundle_and_inspect_cleanly(string example, string name)
    {
        var manifest = Path.Combine(RepositoryRoot(), "examples", example, "pipeline.yaml");

        var bundle = await _cli.RunAsync("bundle", "-p", manifest, "-d", "out", "--version", "1.0.0");
        var inspect = await _cli.RunAsync("inspect", Path.Combine("out", $"{name}-1.0.0.zip"));

        Assert.Equal(0, bundle.ExitCode);
        Assert.Equal(0, inspect.ExitCode);
        Assert.DoesNotContain(".pyc", inspect.Stdout, StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SmusServerless.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("SmusServerless.sln not found above the test directory");
    }
}
