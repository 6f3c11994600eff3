using SmusServerless.Core.Manifest;
using SmusServerless.Local.DataZone;
using SmusServerless.Local.Pipeline;

namespace SmusServerless.Cli.Tests.SmusCli;

/// <summary>describe -m FILE [-t] [-c] [--connect] [--workflows] [-o TEXT|JSON], as smus-cli's, offline unless --connect.</summary>
public sealed class DescribeCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly CliRunner _cli;

    public DescribeCommandTests()
    {
        AppProject.Write(_directory.Path);
        _cli = new CliRunner(_directory.Path);
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>The local stack's DataZone state as an offline run of <paramref name="manifest"/> leaves it (its domain and existing projects).</summary>
    private async Task SeedLocalStateAsync(string manifest = AppProject.Manifest)
    {
        var loaded = ManifestLoader.Load(manifest, "manifest.yaml", new Cli.EnvironmentVariableSource(new Dictionary<string, string?>()));
        var simulator = new DataZoneSimulator(new DataZoneSimulatorOptions { StateDirectory = _directory.Combine(".smus-local", "aws") });
        await simulator.SeedAsync(ManifestSeed.From(loaded.Manifest!));
    }

    [Fact]
    public async Task Shows_the_application_its_content_and_every_stage()
    {
        var run = await _cli.RunAsync("describe");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("application  SalesApp", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("application format", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("tests        app_tests", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("storage     code: from the checkout, include src, exclude *.pyc", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("catalog     GlueTable sales_db.orders (READ)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("workflow    etl on default.workflow_serverless", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  dev  (stage DEV)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  test  (stage TEST)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_where_each_item_deploys_in_each_stage()
    {
        var run = await _cli.RunAsync("describe");

        Assert.Contains("deploys    storage code -> default.s3_shared/src", run.Stdout, StringComparison.Ordinal);
        // A stage without deployment_configuration: smus-cli's default place.
        Assert.Contains("deploys    storage code -> default.s3_shared/bundle/code", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_the_bootstrap_actions_in_order()
    {
        var run = await _cli.RunAsync("describe");

        Assert.Contains("1. workflow.run  workflowName=\"etl\" wait=true", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dash_o_JSON_uses_smus_cli_field_names()
    {
        var run = await _cli.RunAsync("describe", "-o", "JSON");

        Assert.True(run.ExitCode == 0, run.ToString());
        var document = AppProject.SingleDocument(run);
        Assert.Equal("SalesApp", document.GetProperty("bundle").GetString());
        Assert.Equal("sales-domain", document.GetProperty("domain").GetProperty("name").GetString());
        Assert.Equal("us-east-1", document.GetProperty("domain").GetProperty("region").GetString());
        var test = document.GetProperty("targets").GetProperty("test");
        Assert.Equal("test-sales", test.GetProperty("project").GetProperty("name").GetString());
        Assert.True(test.GetProperty("project").GetProperty("create").GetBoolean());
        var action = Assert.Single(test.GetProperty("bootstrap").GetProperty("actions").EnumerateArray());
        Assert.Equal("workflow.run", action.GetProperty("type").GetString());
        Assert.True(action.GetProperty("wait").GetBoolean());
    }

    [Fact]
    public async Task Dash_o_JSON_lists_stages_in_manifest_order_with_their_deployments()
    {
        var document = AppProject.SingleDocument(await _cli.RunAsync("describe", "-o", "JSON"));

        Assert.Equal(["dev", "test"], document.GetProperty("targets").EnumerateObject().Select(p => p.Name));
        var deployment = Assert.Single(document.GetProperty("targets").GetProperty("dev").GetProperty("deployments").EnumerateArray());
        Assert.Equal("default.s3_shared", deployment.GetProperty("connectionName").GetString());
        Assert.Equal("src", deployment.GetProperty("directory").GetString());
    }

    [Fact]
    public async Task Json_lines_print_the_same_document_on_one_line()
    {
        var run = await _cli.RunAsync("describe", "--json");

        Assert.Equal("SalesApp", run.Document().GetProperty("bundle").GetString());
    }

    [Fact]
    public async Task Dash_t_shows_only_the_stages_named()
    {
        var document = AppProject.SingleDocument(await _cli.RunAsync("describe", "-t", "test", "-o", "JSON"));

        Assert.Equal(["test"], document.GetProperty("targets").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task An_unknown_stage_is_a_usage_error_naming_the_known_ones()
    {
        var run = await _cli.RunAsync("describe", "-t", "prod");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no stage 'prod'; the manifest's stages are dev, test", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_manifest_fails_with_its_findings()
    {
        File.WriteAllText(_directory.Combine("manifest.yaml"), AppProject.Manifest.Replace("stage: TEST", "stag: TEST", StringComparison.Ordinal));

        var run = await _cli.RunAsync("describe");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("stages.test.stag", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("manifest.yaml: invalid:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workflows_lists_each_workflow_with_its_engine_and_parameters()
    {
        var run = await _cli.RunAsync("describe", "--workflows");

        Assert.Contains("workflows:\n  etl\n    connection  default.workflow_serverless\n    engine      airflow-serverless\n    parameters  {\"retries\":3}",
            run.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describes_a_pipeline_format_manifest_too()
    {
        SampleProject.Write(_directory.Combine("legacy"));

        var document = AppProject.SingleDocument(await _cli.RunAsync("describe", "-m", "legacy", "-o", "JSON"));

        Assert.Equal("pipeline", document.GetProperty("format").GetString());
        Assert.Equal("Sample", document.GetProperty("bundle").GetString());
        Assert.Equal("src", document.GetProperty("targets").GetProperty("prod").GetProperty("deployments")[0].GetProperty("directory").GetString());
    }

    [Fact]
    public async Task Connections_without_connect_warn_and_read_no_network()
    {
        var run = await _cli.RunAsync("describe", "-c");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("-c/--connections lists connections with --connect only", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("connections (", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_without_local_state_fails_naming_the_directory()
    {
        var run = await _cli.RunAsync("describe", "--connect");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(".smus-local: no local stack state to connect to", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_finds_each_stage_in_the_local_stack_and_lists_connections_with_dash_c()
    {
        await SeedLocalStateAsync();

        var run = await _cli.RunAsync("describe", "--connect", "-c", "-o", "JSON");

        Assert.True(run.ExitCode == 0, run.ToString());
        var dev = AppProject.SingleDocument(run).GetProperty("targets").GetProperty("dev");
        Assert.False(string.IsNullOrEmpty(dev.GetProperty("project").GetProperty("id").GetString()));
        Assert.StartsWith("dzd", dev.GetProperty("domain").GetProperty("id").GetString(), StringComparison.Ordinal);
        var connection = dev.GetProperty("connections").GetProperty("default.s3_shared");
        Assert.Equal("S3", connection.GetProperty("type").GetString());
        Assert.StartsWith("s3://", connection.GetProperty("s3Uri").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_says_a_project_the_stage_creates_does_not_exist_yet()
    {
        await SeedLocalStateAsync();

        var run = await _cli.RunAsync("describe", "--connect", "-o", "JSON");

        var project = AppProject.SingleDocument(run).GetProperty("targets").GetProperty("test").GetProperty("project");
        Assert.Equal("NOT_FOUND", project.GetProperty("status").GetString());
        Assert.True(project.GetProperty("will_create").GetBoolean());
    }

    [Fact]
    public async Task Connect_fails_for_a_missing_project_the_stage_does_not_create()
    {
        await SeedLocalStateAsync();
        File.WriteAllText(_directory.Combine("manifest.yaml"), AppProject.Manifest.Replace("name: dev-sales", "name: dev-other", StringComparison.Ordinal));

        var run = await _cli.RunAsync("describe", "--connect");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("stages.dev: project 'dev-other' does not exist in domain 'sales-domain'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_reads_the_state_directory_given()
    {
        await SeedLocalStateAsync();
        Directory.Move(_directory.Combine(".smus-local"), _directory.Combine("state"));

        var run = await _cli.RunAsync("describe", "--connect", "--local", "--state-dir", "state");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("status ACTIVE", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Aws_and_local_together_are_a_usage_error()
    {
        var run = await _cli.RunAsync("describe", "--connect", "--aws", "--local");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--aws asks DataZone, --local/--state-dir the local stack", run.Stderr, StringComparison.Ordinal);
    }
}
