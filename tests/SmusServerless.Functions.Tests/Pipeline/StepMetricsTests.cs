using System.Text.Json;
using NSubstitute;
using SmusServerless.Aws.DataZone;
using SmusServerless.Core.Pipeline;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Functions.Pipeline;


namespace SmusServerless.Functions.Tests.Pipeline;

/// <summary>The EMF metrics the registered step handlers write, one document per invocation.</summary>
public sealed class StepMetricsTests : IDisposable
{
    private readonly HandlerHarness _harness = new();

    public StepMetricsTests()
    {
        _harness.World.DataZone.ListConnectionsAsync(Arg.Any<ListConnectionsInput>(), Arg.Any<CancellationToken>())
            .Returns(new ListConnectionsOutput
            {
                Items =
                [
                    new ConnectionSummary
                    {
                        ConnectionId = "c1", DomainId = "dzd_corp", DomainUnitId = "u", Name = "default.s3_shared", Type = "S3", PhysicalEndpoints = [],
                        Props = new ConnectionPropertiesOutput { S3Properties = new S3PropertiesOutput { S3Uri = $"s3://{PipelineFixture.ProjectBucket}/shared/" } },
                    },
                ],
            });
    }

    private static readonly Dictionary<string, string> Files = new()
    {
        ["src/etl.py"] = "print('v1')",
        ["src/old.sql"] = "select 1",
        ["workflows/dags/daily.py"] = "dag = 1",
    };

    private async Task<string> DeployInputAsync(string runId = "run-1")
    {
        var bundle = await _harness.World.PublishBundleAsync("1.0.0", SampleManifests.Demo(), Files, SampleManifests.Rules);
        return JsonSerializer.Serialize(new DeployInput(Runs.For(bundle, runId), Runs.Target(), Runs.Project(), 0), PipelineJsonContext.Default.DeployInput);
    }

    [Fact]
    public async Task Deploy_writes_its_duration_files_and_bytes_under_the_Step_dimension()
    {
        await _harness.InvokeSucceedingAsync("deploy", await DeployInputAsync());

        var document = Assert.Single(_harness.MetricDocuments());
        var directive = document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("SmusServerless", directive.GetProperty("Namespace").GetString());
        Assert.Equal("""[["Service","Step"]]""", directive.GetProperty("Dimensions").GetRawText());
        Assert.Equal("deploy", document.GetProperty(StepMetrics.StepDimension).GetString());
        Assert.Equal(new Dictionary<string, string>
        {
            [StepMetrics.StepDuration] = "Milliseconds", [StepMetrics.FilesWritten] = "Count", [StepMetrics.FilesUnchanged] = "Count",
            [StepMetrics.FilesPruned] = "Count", [StepMetrics.BytesWritten] = "Bytes",
        }, Units(directive));
        Assert.Equal(250, document.GetProperty(StepMetrics.StepDuration).GetDouble());
        Assert.Equal(3, document.GetProperty(StepMetrics.FilesWritten).GetDouble());
        Assert.Equal(0, document.GetProperty(StepMetrics.FilesUnchanged).GetDouble());
        Assert.Equal(0, document.GetProperty(StepMetrics.FilesPruned).GetDouble());
        Assert.Equal(Files.Values.Sum(content => content.Length), document.GetProperty(StepMetrics.BytesWritten).GetDouble());
    }

    [Fact]
    public async Task Pipeline_target_stage_and_run_are_metadata_not_dimensions()
    {
        await _harness.InvokeSucceedingAsync("deploy", await DeployInputAsync("run-7"));

        var document = Assert.Single(_harness.MetricDocuments());
        Assert.Equal("demo", document.GetProperty("pipeline").GetString());
        Assert.Equal("dev", document.GetProperty("target").GetString());
        Assert.Equal("DEV", document.GetProperty("stage").GetString());
        Assert.Equal("run-7", document.GetProperty("runId").GetString());
        Assert.DoesNotContain("target", document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions").GetRawText());
    }

    [Fact]
    public async Task A_deploy_that_must_wait_for_the_target_lock_reports_the_wait_in_seconds()
    {
        var input = await DeployInputAsync("run-2");
        var held = JsonSerializer.SerializeToUtf8Bytes(new TargetLock("run-1", "0.9.0", DateTimeOffset.UtcNow), PipelineJsonContext.Default.TargetLock);
        await _harness.World.Store.PutAsync(PipelineFixture.StateBucket, StateKeys.TargetLock("demo", "dev"), new MemoryStream(held), Core.Storage.PutOptions.Default, CancellationToken.None);

        var result = await _harness.InvokeSucceedingAsync("deploy", input);

        var document = Assert.Single(_harness.MetricDocuments());
        Assert.Equal("Seconds", Units(document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0])[StepMetrics.WaitSeconds]);
        Assert.Equal(result.GetProperty("waitSeconds").GetInt32(), document.GetProperty(StepMetrics.WaitSeconds).GetDouble());
        Assert.True(document.GetProperty(StepMetrics.WaitSeconds).GetDouble() > 0);
        Assert.False(document.TryGetProperty(StepMetrics.FilesWritten, out _));
    }

    [Fact]
    public async Task A_failed_step_counts_a_failure_and_names_its_error()
    {
        _harness.World.DataZone.GetDomainAsync(Arg.Any<GetDomainInput>(), Arg.Any<CancellationToken>())
            .Returns(new GetDomainOutput { Id = "dzd_corp", Status = "AVAILABLE" });
        _harness.World.DataZone.ListProjectsAsync(Arg.Any<ListProjectsInput>(), Arg.Any<CancellationToken>())
            .Returns(new ListProjectsOutput { Items = [] });
        var bundle = await _harness.World.PublishBundleAsync("1.0.0", SampleManifests.Demo(), Files, SampleManifests.Rules);
        var input = JsonSerializer.Serialize(new ProvisionInput(Runs.For(bundle), Runs.Target("prod", "PROD", "prod-demo"), 0), PipelineJsonContext.Default.ProvisionInput);

        var error = await _harness.InvokeFailingAsync("provision", input);

        var document = Assert.Single(_harness.MetricDocuments());
        Assert.Equal(PipelineErrors.ProjectNotFound, error.ErrorType);
        Assert.Equal("provision", document.GetProperty(StepMetrics.StepDimension).GetString());
        Assert.Equal(1, document.GetProperty(StepMetrics.StepFailures).GetDouble());
        Assert.Equal(PipelineErrors.ProjectNotFound, document.GetProperty("error").GetString());
        Assert.Equal(250, document.GetProperty(StepMetrics.StepDuration).GetDouble());
    }

    [Fact]
    public async Task Each_invocation_is_flushed_as_its_own_document_with_its_own_step()
    {
        await _harness.InvokeSucceedingAsync("complete-target", SampleEvents.Text("complete-target.json"));
        await _harness.InvokeSucceedingAsync("complete-run", SampleEvents.Text("complete-run.json"));

        var documents = _harness.MetricDocuments();

        Assert.Equal(["complete-target", "complete-run"], documents.Select(d => d.GetProperty(StepMetrics.StepDimension).GetString()));
        Assert.All(documents, d => Assert.Equal(250, d.GetProperty(StepMetrics.StepDuration).GetDouble()));
    }

    [Fact]
    public async Task Recorded_tests_report_how_many_passed_and_were_skipped()
    {
        var bundle = await _harness.World.PublishBundleAsync("1.0.0", SampleManifests.Demo(), Files, SampleManifests.Rules);
        var run = Runs.For(bundle);
        var report = """<testsuite name="pytest" tests="5" failures="0" errors="0" skipped="1"/>""";
        await _harness.World.Store.PutAsync(PipelineFixture.StateBucket, StateKeys.TestReport("test-reports/", "demo", "dev", run.RunId),
            new MemoryStream(System.Text.Encoding.UTF8.GetBytes(report)), Core.Storage.PutOptions.Default, CancellationToken.None);
        var deployment = new DeploymentSummary(StateKeys.CurrentDeployment("demo", "dev"), 1, 0, 0, 0, 0, 10);
        var input = JsonSerializer.Serialize(new RecordTestsInput(run, Runs.Target(), deployment, null, null), PipelineJsonContext.Default.RecordTestsInput);

        await _harness.InvokeSucceedingAsync("record-tests", input);

        var document = Assert.Single(_harness.MetricDocuments());
        Assert.Equal(4, document.GetProperty(StepMetrics.TestsPassed).GetDouble());
        Assert.Equal(1, document.GetProperty(StepMetrics.TestsSkipped).GetDouble());
    }

    [Fact]
    public async Task Metrics_carry_names_never_causes_or_execution_arns()
    {
        foreach (var file in SampleEvents.Files.Where(f => SampleEvents.HandlerOf(f) is "complete-target" or "complete-run" or "report-failure"))
            await _harness.InvokeAsync(SampleEvents.HandlerOf(file), SampleEvents.Text(file));

        var metrics = string.Join("\n", _harness.MetricDocuments().Select(d => d.GetRawText()));
        Assert.NotEmpty(metrics);
        Assert.DoesNotContain("Cause", metrics);
        Assert.DoesNotContain("arn:aws:states", metrics);
    }

    private static Dictionary<string, string> Units(JsonElement directive) =>
        directive.GetProperty("Metrics").EnumerateArray().ToDictionary(m => m.GetProperty("Name").GetString()!, m => m.GetProperty("Unit").GetString()!);

    public void Dispose() => _harness.Dispose();
}
