using System.Text;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Ports;
using SmusServerless.Application.Tests.Fakes;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Tests.Pipeline;

public sealed class VerifyStepTests
{
    private readonly PipelineWorld _world = new();

    private async Task<(RunContext Run, DeploymentSummary Deployment)> DeployAsync()
    {
        _world.Catalog.Projects.Add(FakeProjectCatalog.Project("dev-demo"));
        var bundle = await _world.PublishBundleAsync("1.0.0", Samples.Manifest(), Samples.Files);
        var run = Samples.Run(bundle);
        var deployed = await _world.Deploy().RunAsync(new DeployInput(run, Samples.Target(), Samples.Project(), 0), CancellationToken.None);
        return (run, deployed.Deployment!);
    }

    private Task<VerifyResult> VerifyAsync(RunContext run, DeploymentSummary deployment, IReadOnlyList<SubscriptionState>? subscriptions = null) =>
        _world.Verify().RunAsync(new VerifyInput(run, Samples.Target(), Samples.Project(), subscriptions, deployment), CancellationToken.None);

    [Fact]
    public async Task A_deployment_as_recorded_verifies()
    {
        var (run, deployment) = await DeployAsync();

        var result = await VerifyAsync(run, deployment);

        Assert.Equal((3, false), (result.Verification.ObjectsChecked, result.TestsRequired));
    }

    [Fact]
    public async Task A_missing_record_fails_verification()
    {
        var (run, deployment) = await DeployAsync();

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => VerifyAsync(run, deployment with { RecordKey = "deployments/none.json" }));

        Assert.Equal(PipelineErrors.VerificationFailed, failure.Error);
    }

    [Fact]
    public async Task A_deleted_object_and_an_inactive_project_are_both_named()
    {
        var (run, deployment) = await DeployAsync();
        var record = await _world.Records.ReadCurrentAsync("demo", "dev", CancellationToken.None);
        await _world.Store.DeleteAsync(record!.Files[0].Bucket, record.Files[0].Key, CancellationToken.None);
        _world.Catalog.Projects[0] = FakeProjectCatalog.Project("dev-demo", ProjectState.Changing, "UPDATING");

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => VerifyAsync(run, deployment));

        Assert.Contains("is missing", failure.Cause, StringComparison.Ordinal);
        Assert.Contains("project 'dev-demo' is UPDATING", failure.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grant_not_completed_fails_verification()
    {
        var (run, deployment) = await DeployAsync();
        _world.Subscriptions.Grants["sub_1"] = [new SubscriptionGrant("g1", GrantState.InProgress, "IN_PROGRESS", [])];

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() =>
            VerifyAsync(run, deployment, [new SubscriptionState("lst_1", "orders", null, "sub_1", "COMPLETED")]));

        Assert.Contains("grant g1 of 'orders' is IN_PROGRESS", failure.Cause, StringComparison.Ordinal);
    }
}

public sealed class RecordTestsStepTests
{
    private readonly PipelineWorld _world = new();

    private static readonly DeploymentSummary Deployment = new(StateKeys.CurrentDeployment("demo", "dev"), 1, 0, 0, 0, 0, 10);

    private async Task<RunContext> RunAsync() => Samples.Run(await _world.PublishBundleAsync("1.0.0", Samples.Manifest(), Samples.Files));

    private async Task PutReportAsync(RunContext run, string xml) =>
        await _world.Store.PutAsync(PipelineWorld.StateBucket, _world.Reports.Key("demo", "dev", run.RunId), new MemoryStream(Encoding.UTF8.GetBytes(xml)), Core.Storage.PutOptions.Default, CancellationToken.None);

    [Fact]
    public async Task No_report_fails_the_tests_and_says_so()
    {
        var run = await RunAsync();

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() =>
            _world.RecordTests().RunAsync(new RecordTestsInput(run, Samples.Target(), Deployment, null, new TaskFailure("States.TaskFailed", "build failed")), CancellationToken.None));

        Assert.Equal(PipelineErrors.TestsFailed, failure.Error);
        Assert.Contains("States.TaskFailed: build failed", failure.Cause, StringComparison.Ordinal);
        Assert.Equal(LifecycleEvents.TestsFailed, Assert.Single(_world.Events.Published).DetailType);
    }

    [Fact]
    public async Task A_failing_test_fails_the_target()
    {
        var run = await RunAsync();
        await PutReportAsync(run, """<testsuite tests="2" failures="1" errors="0"><testcase name="a"/><testcase name="b"><failure message="x"/></testcase></testsuite>""");

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() =>
            _world.RecordTests().RunAsync(new RecordTestsInput(run, Samples.Target(), Deployment, null, null), CancellationToken.None));

        Assert.Contains("1 failed", failure.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_report_fails_the_tests()
    {
        var run = await RunAsync();
        await PutReportAsync(run, "not xml");

        await Assert.ThrowsAnyAsync<Exception>(() =>
            _world.RecordTests().RunAsync(new RecordTestsInput(run, Samples.Target(), Deployment, null, null), CancellationToken.None));

        Assert.Equal(LifecycleEvents.TestsFailed, Assert.Single(_world.Events.Published).DetailType);
    }

    [Fact]
    public async Task Passing_tests_are_kept_with_this_runs_record()
    {
        _world.Catalog.Projects.Add(FakeProjectCatalog.Project("dev-demo"));
        var run = await RunAsync();
        await _world.Deploy().RunAsync(new DeployInput(run, Samples.Target(), Samples.Project(), 0), CancellationToken.None);
        await PutReportAsync(run, """<testsuite tests="1" failures="0" errors="0"><testcase name="a"/></testsuite>""");

        var summary = await _world.RecordTests().RunAsync(new RecordTestsInput(run, Samples.Target(), Deployment, null, null), CancellationToken.None);

        Assert.True(summary.Succeeded);
        Assert.Equal(1, (await _world.Records.ReadCurrentAsync("demo", "dev", CancellationToken.None))?.Tests?.Passed);
    }
}
