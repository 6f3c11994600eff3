namespace SmusServerless.Cli.Tests.SmusCli;

/// <summary>smus-cli's -o/--output TEXT|JSON: one JSON document per command, beside --json's one object per line.</summary>
public sealed class OutputFormatTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly CliRunner _cli;

    public OutputFormatTests()
    {
        AppProject.Write(_directory.Path);
        _cli = new CliRunner(_directory.Path);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Validate_with_dash_o_JSON_prints_one_indented_document()
    {
        var run = await _cli.RunAsync("validate", "-o", "JSON");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("\n  \"command\": \"validate\"", run.Stdout, StringComparison.Ordinal);
        var document = AppProject.SingleDocument(run);
        Assert.True(document.GetProperty("ok").GetBoolean());
        Assert.Equal("SalesApp", document.GetProperty("pipeline").GetString());
    }

    [Theory]
    [InlineData("json")]
    [InlineData("Json")]
    [InlineData("--output=JSON")]
    public async Task The_format_is_read_in_any_case_and_in_its_long_spelling(string spelling)
    {
        string[] args = spelling.StartsWith("--", StringComparison.Ordinal) ? ["validate", spelling] : ["validate", "-o", spelling];

        var run = await _cli.RunAsync(args);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("validate", AppProject.SingleDocument(run).GetProperty("command").GetString());
    }

    [Fact]
    public async Task Dash_o_TEXT_is_the_text_output()
    {
        var run = await _cli.RunAsync("validate", "-o", "TEXT");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("manifest.yaml: valid:", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_format_that_is_neither_TEXT_nor_JSON_is_a_usage_error()
    {
        var run = await _cli.RunAsync("validate", "-o", "yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'yaml' is not an output format: use TEXT or JSON", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_lines_and_one_document_together_are_a_usage_error()
    {
        var run = await _cli.RunAsync("validate", "--json", "-o", "JSON");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--json (one JSON object per line) and -o/--output JSON", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_with_dash_o_JSON_is_one_error_document()
    {
        var run = await _cli.RunAsync("validate", "-m", "missing.yaml", "-o", "JSON");

        Assert.Equal(1, run.ExitCode);
        var document = AppProject.SingleDocument(run);
        Assert.False(document.GetProperty("ok").GetBoolean());
        Assert.Equal("file-not-found", document.GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Inspect_with_dash_o_JSON_prints_one_document()
    {
        var bundle = await _cli.RunAsync("bundle", "--version", "1.0.0", "--author", "dev@example.com");
        Assert.True(bundle.ExitCode == 0, bundle.ToString());

        var run = await _cli.RunAsync("inspect", Path.Combine("artifacts", "SalesApp-1.0.0.zip"), "-o", "JSON");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("SalesApp", AppProject.SingleDocument(run).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Status_with_dash_o_JSON_gathers_executions_and_deployments_into_one_document()
    {
        Directory.CreateDirectory(_directory.Combine(".smus-local"));

        var run = await _cli.RunAsync("status", "-o", "JSON");

        Assert.True(run.ExitCode == 0, run.ToString());
        var document = AppProject.SingleDocument(run);
        Assert.Equal("status", document.GetProperty("command").GetString());
        Assert.Equal(0, document.GetProperty("executions").GetArrayLength());
        Assert.Equal(0, document.GetProperty("deployments").GetArrayLength());
    }

    [Fact]
    public async Task Json_lines_are_unchanged_beside_the_new_option()
    {
        var run = await _cli.RunAsync("validate", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("validate", run.Document().GetProperty("command").GetString());
        Assert.DoesNotContain('\n', run.Stdout.TrimEnd());
    }
}
