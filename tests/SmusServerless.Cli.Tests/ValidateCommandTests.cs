using System.Text.RegularExpressions;

namespace SmusServerless.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly CliRunner _cli;

    public ValidateCommandTests() => _cli = new CliRunner(_directory.Path);

    public void Dispose() => _directory.Dispose();

    private void WriteManifest(string text) => File.WriteAllText(_directory.Combine("pipeline.yaml"), text);

    [Fact]
    public async Task Valid_manifest_exits_0_with_a_one_line_summary()
    {
        WriteManifest(SampleProject.Manifest);

        var run = await _cli.RunAsync("validate");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("pipeline.yaml: valid: pipeline Sample, 2 targets (dev, prod), 0 warnings", run.Stdout.Trim());
    }

    [Fact]
    public async Task Invalid_manifest_exits_1_with_file_line_column_and_manifest_path()
    {
        WriteManifest(SampleProject.Manifest.Replace("      name: prod-sample\n", "", StringComparison.Ordinal));

        var run = await _cli.RunAsync("validate", "-p", "pipeline.yaml");

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(new Regex(@"^pipeline\.yaml:\d+:\d+: targets\.prod\.project\.name: ", RegexOptions.Multiline), run.Stdout);
        Assert.Contains("pipeline.yaml: invalid: 1 error, 0 warnings", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_error_is_reported_at_once()
    {
        WriteManifest(SampleProject.Manifest
            .Replace("stage: PROD", "stage: PRODUCTION_NOT_A_STAGE", StringComparison.Ordinal)
            .Replace("      name: prod-sample\n", "", StringComparison.Ordinal)
            .Replace("pipelineName: Sample", "pipelineName: Sample\nbogusKey: 1", StringComparison.Ordinal));

        var run = await _cli.RunAsync("validate");

        Assert.Equal(1, run.ExitCode);
        var diagnostics = run.Stdout.Split('\n').Where(line => Regex.IsMatch(line, @"^pipeline\.yaml:\d+:\d+: ")).ToList();
        Assert.True(diagnostics.Count >= 2, run.ToString());
        Assert.Contains(diagnostics, d => d.Contains("bogusKey", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Contains("targets.prod.project.name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Warnings_alone_leave_the_manifest_valid()
    {
        // prod deploys storage only, so the bundled workflows are not deployed there: a warning, not an error.
        WriteManifest(SampleProject.Manifest[..SampleProject.Manifest.LastIndexOf("      workflows:", StringComparison.Ordinal)]);

        var run = await _cli.RunAsync("validate");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(new Regex(@"^pipeline\.yaml:\d+:\d+: targets\.prod\.bundle_target_configuration: warning: ", RegexOptions.Multiline), run.Stdout);
        Assert.Contains("1 warning", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Variables_come_from_the_environment_and_an_unset_one_is_named()
    {
        WriteManifest(SampleProject.Manifest.Replace("${SAMPLE_REGION:us-east-1}", "${SAMPLE_REGION}", StringComparison.Ordinal));

        var unset = await _cli.RunAsync("validate");
        _cli.Environment["SAMPLE_REGION"] = "eu-central-1";
        var set = await _cli.RunAsync("validate");

        Assert.Equal(1, unset.ExitCode);
        Assert.Contains("SAMPLE_REGION", unset.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, set.ExitCode);
    }

    [Fact]
    public async Task Missing_file_exits_1_naming_the_file_without_a_stack_trace()
    {
        var run = await _cli.RunAsync("validate", "-p", "missing/pipeline.yaml");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("missing/pipeline.yaml: no such manifest file", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_means_its_pipeline_yaml()
    {
        SampleProject.Write(_directory.Combine("project"));

        var run = await _cli.RunAsync("validate", "-p", "project");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith(Path.Combine("project", "pipeline.yaml") + ": valid", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_option_is_a_usage_error_with_exit_code_2()
    {
        var run = await _cli.RunAsync("validate", "--no-such-option");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--no-such-option", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("smus-serverless validate --help", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_one_document_with_every_diagnostic()
    {
        WriteManifest(SampleProject.Manifest.Replace("      name: prod-sample\n", "", StringComparison.Ordinal));

        var run = await _cli.RunAsync("validate", "--json");

        Assert.Equal(1, run.ExitCode);
        var document = run.Document();
        Assert.Equal("validate", document.GetProperty("command").GetString());
        Assert.False(document.GetProperty("ok").GetBoolean());
        Assert.Equal(1, document.GetProperty("errors").GetInt32());
        var diagnostic = Assert.Single(document.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal("targets.prod.project.name", diagnostic.GetProperty("path").GetString());
        Assert.Equal("error", diagnostic.GetProperty("severity").GetString());
        Assert.True(diagnostic.GetProperty("line").GetInt32() > 0);
    }

    [Fact]
    public async Task Json_output_of_a_valid_manifest_names_its_targets_in_order()
    {
        WriteManifest(SampleProject.Manifest);

        var document = (await _cli.RunAsync("validate", "--json")).Document();

        Assert.True(document.GetProperty("ok").GetBoolean());
        Assert.Equal(["dev", "prod"], document.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Json_output_of_a_missing_file_is_an_error_document()
    {
        var run = await _cli.RunAsync("validate", "--json", "-p", "nope.yaml");

        Assert.Equal(1, run.ExitCode);
        var error = run.Document().GetProperty("error");
        Assert.Equal("file-not-found", error.GetProperty("kind").GetString());
        Assert.Equal("nope.yaml", error.GetProperty("file").GetString());
    }
}
