using System.Text;
using NSubstitute;
using SmusServerless.Aws.DataZone;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Functions.Pipeline;


namespace SmusServerless.Functions.Tests.Pipeline;

public sealed class DeployStepTests : IDisposable
{
    private readonly PipelineFixture _world = new();

    public DeployStepTests()
    {
        _world.DataZone.ListConnectionsAsync(Arg.Any<ListConnectionsInput>(), Arg.Any<CancellationToken>())
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

    private static readonly Dictionary<string, string> Version1 = new()
    {
        ["src/etl.py"] = "print('v1')",
        ["src/old.sql"] = "select 1",
        ["workflows/dags/daily.py"] = "dag = 1",
    };

    private async Task<DeployResult> DeployAsync(string version, IReadOnlyDictionary<string, string> files, string runId, int attempt = 0)
    {
        var bundle = await _world.PublishBundleAsync(version, SampleManifests.Demo(), files, SampleManifests.Rules);
        return await _world.Services().Deploy().RunAsync(
            new DeployInput(Runs.For(bundle, runId, version), Runs.Target(), Runs.Project(), attempt), CancellationToken.None);
    }

    private async Task<Dictionary<string, string>> ProjectFilesAsync()
    {
        var page = await _world.Store.ListAsync(PipelineFixture.ProjectBucket, "", null, 1000, CancellationToken.None);
        var files = new Dictionary<string, string>();
        foreach (var item in page.Objects)
        {
            await using var stream = await _world.Store.OpenReadAsync(PipelineFixture.ProjectBucket, item.Key, null, CancellationToken.None);
            files[item.Key] = await new StreamReader(stream).ReadToEndAsync();
        }
        return files;
    }

    private async Task<int> VersionCountAsync(string key) =>
        (await _world.Store.ListVersionsAsync(PipelineFixture.ProjectBucket, key, CancellationToken.None)).Count;

    [Fact]
    public async Task First_deploy_puts_each_area_under_its_connection_and_directory()
    {
        var result = await DeployAsync("1.0.0", Version1, "run-1");

        Assert.Equal(StepProgress.ReadyStatus, result.Status);
        Assert.Equal(3, result.Deployment!.Added);
        var files = await ProjectFilesAsync();
        Assert.Equal("print('v1')", files["shared/src/src/etl.py"]);
        Assert.Equal("dag = 1", files["shared/workflows/dags/daily.py"]);
        Assert.Equal(3, files.Count);
    }

    [Fact]
    public async Task Unchanged_redeploy_writes_no_object()
    {
        await DeployAsync("1.0.0", Version1, "run-1");
        var result = await DeployAsync("1.0.1", Version1, "run-2");

        Assert.Equal(0, result.Deployment!.Added + result.Deployment.Changed + result.Deployment.Pruned);
        Assert.Equal(3, result.Deployment.Unchanged);
        Assert.Equal(1, await VersionCountAsync("shared/src/src/etl.py"));
    }

    [Fact]
    public async Task New_version_adds_changes_and_prunes_exactly_the_right_files()
    {
        await DeployAsync("1.0.0", Version1, "run-1");
        var result = await DeployAsync("2.0.0", new Dictionary<string, string>
        {
            ["src/etl.py"] = "print('v2')",
            ["src/new.sql"] = "select 2",
            ["workflows/dags/daily.py"] = "dag = 1",
        }, "run-2");

        Assert.Equal((1, 1, 1, 1), (result.Deployment!.Added, result.Deployment.Changed, result.Deployment.Unchanged, result.Deployment.Pruned));
        var files = await ProjectFilesAsync();
        Assert.Equal("print('v2')", files["shared/src/src/etl.py"]);
        Assert.Equal("select 2", files["shared/src/src/new.sql"]);
        Assert.False(files.ContainsKey("shared/src/src/old.sql"));
    }

    [Fact]
    public async Task Files_the_pipeline_did_not_write_are_left_alone()
    {
        await _world.Store.PutAsync(PipelineFixture.ProjectBucket, "shared/src/notebook-by-a-person.ipynb", new MemoryStream("{}"u8.ToArray()), PutOptions.Default, CancellationToken.None);
        await DeployAsync("1.0.0", Version1, "run-1");
        await DeployAsync("2.0.0", new Dictionary<string, string> { ["src/etl.py"] = "x", ["workflows/dags/daily.py"] = "dag = 2" }, "run-2");

        Assert.Contains("shared/src/notebook-by-a-person.ipynb", (await ProjectFilesAsync()).Keys);
    }

    [Fact]
    public async Task Deploy_writes_the_record_that_names_the_bundle_version_and_every_file()
    {
        var result = await DeployAsync("1.0.0", Version1, "run-1");

        await using var stream = await _world.Store.OpenReadAsync(PipelineFixture.StateBucket, result.Deployment!.RecordKey, null, CancellationToken.None);
        var record = await System.Text.Json.JsonSerializer.DeserializeAsync(stream, PipelineJsonContext.Default.DeploymentRecord);
        Assert.Equal("1.0.0", record!.BundleVersion);
        Assert.Equal("run-1", record.RunId);
        Assert.Equal(3, record.Files.Count);
    }

    [Fact]
    public async Task Target_locked_by_another_run_makes_the_deploy_wait_and_writes_nothing()
    {
        var lockBody = Encoding.UTF8.GetBytes($"{{\"runId\":\"other-run\",\"bundleVersion\":\"9\",\"acquiredAt\":\"{DateTimeOffset.UtcNow:O}\"}}");
        await _world.Store.PutAsync(PipelineFixture.StateBucket, StateKeys.TargetLock("demo", "dev"), new MemoryStream(lockBody), PutOptions.Default, CancellationToken.None);

        var result = await DeployAsync("1.0.0", Version1, "run-1");

        Assert.Equal(StepProgress.WaitStatus, result.Status);
        Assert.Empty(await ProjectFilesAsync());
    }

    [Fact]
    public async Task Retry_of_the_same_run_after_a_crash_takes_its_own_lock_again()
    {
        var lockBody = Encoding.UTF8.GetBytes($"{{\"runId\":\"run-1\",\"bundleVersion\":\"1.0.0\",\"acquiredAt\":\"{DateTimeOffset.UtcNow:O}\"}}");
        await _world.Store.PutAsync(PipelineFixture.StateBucket, StateKeys.TargetLock("demo", "dev"), new MemoryStream(lockBody), PutOptions.Default, CancellationToken.None);

        var result = await DeployAsync("1.0.0", Version1, "run-1");

        Assert.Equal(StepProgress.ReadyStatus, result.Status);
        Assert.Null(await _world.Store.HeadAsync(PipelineFixture.StateBucket, StateKeys.TargetLock("demo", "dev"), null, CancellationToken.None) is { IsDeleteMarker: false } held ? held : null);
    }

    [Fact]
    public async Task Airflow_serverless_dag_variables_come_from_the_target()
    {
        Assert.Equal("prefix: dev-data/x $UNKNOWN ${OTHER}",
            DeployStep.SubstituteVariables("prefix: ${S3_PREFIX}/x $UNKNOWN ${OTHER}", new Dictionary<string, string> { ["S3_PREFIX"] = "dev-data" }));
    }

    public void Dispose() => _world.Dispose();
}
