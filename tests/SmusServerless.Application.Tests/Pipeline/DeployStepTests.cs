using System.Text.Json;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Ports;
using SmusServerless.Application.Tests.Fakes;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Tests.Pipeline;

public sealed class DeployStepTests
{
    private readonly PipelineWorld _world = new();

    private async Task<DeployResult> DeployAsync(IReadOnlyDictionary<string, string>? files = null, string runId = "run-1")
    {
        var bundle = await _world.PublishBundleAsync("1.0.0", Samples.Manifest(), files ?? Samples.Files);
        return await _world.Deploy().RunAsync(new DeployInput(Samples.Run(bundle, runId), Samples.Target(), Samples.Project(), 0), CancellationToken.None);
    }

    [Fact]
    public async Task Writes_every_file_and_records_the_deployment()
    {
        var result = await DeployAsync();

        Assert.Equal((StepProgress.ReadyStatus, 3), (result.Status, result.Deployment?.Added));
        var record = await _world.Records.ReadCurrentAsync("demo", "dev", CancellationToken.None);
        Assert.Equal(3, record?.Files.Count);
        Assert.DoesNotContain((PipelineWorld.StateBucket, StateKeys.TargetLock("demo", "dev")), _world.Store.Keys);
    }

    [Fact]
    public async Task A_target_locked_by_another_run_is_waited_for()
    {
        var held = JsonSerializer.SerializeToUtf8Bytes(new TargetLock("run-0", "0.9.0", DateTimeOffset.UtcNow), PipelineJsonContext.Default.TargetLock);
        await _world.Store.PutAsync(PipelineWorld.StateBucket, StateKeys.TargetLock("demo", "dev"), new MemoryStream(held), Core.Storage.PutOptions.Default, CancellationToken.None);

        var result = await DeployAsync();

        Assert.Equal((StepProgress.WaitStatus, null), (result.Status, result.Deployment));
    }

    [Fact]
    public async Task A_missing_connection_names_what_the_project_has()
    {
        _world.Catalog.Connections["prj_dev-demo"] = [new("other.s3", "S3", "s3://x/y/")];

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => DeployAsync());

        Assert.Equal(PipelineErrors.ConnectionNotFound, failure.Error);
        Assert.Contains("It has: other.s3", failure.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_that_is_not_S3_cannot_take_files()
    {
        _world.Catalog.Connections["prj_dev-demo"] = [new("default.s3_shared", "REDSHIFT", null)];

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => DeployAsync());

        Assert.Equal(PipelineErrors.ConnectionNotFound, failure.Error);
    }

    [Fact]
    public async Task A_store_failing_midway_is_transient_and_keeps_the_lock()
    {
        _world.Store.FailPutsTo = PipelineWorld.ProjectBucket;

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => DeployAsync());

        Assert.Equal(PipelineErrors.Transient, failure.Error);
        Assert.Contains((PipelineWorld.StateBucket, StateKeys.TargetLock("demo", "dev")), _world.Store.Keys);
    }

    [Fact]
    public async Task A_second_deploy_writes_only_what_changed_and_prunes_what_is_gone()
    {
        await DeployAsync();

        var result = await DeployAsync(new Dictionary<string, string> { ["src/a.sql"] = "select 1", ["src/b.sql"] = "select 22", ["workflows/next.py"] = "dag = 2" }, "run-2");

        Assert.Equal((1, 1, 1, 1), (result.Deployment!.Added, result.Deployment.Changed, result.Deployment.Unchanged, result.Deployment.Pruned));
    }
}
