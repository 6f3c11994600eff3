using System.Text.Json;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Ports;
using SmusServerless.Application.Tests.Fakes;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Tests.Pipeline;

public sealed class StartStepTests
{
    private readonly PipelineWorld _world = new();

    private static JsonElement Uploaded(string key, string bucket = PipelineWorld.BundlesBucket) => JsonDocument.Parse(
        """{"source":"aws.s3","detail-type":"Object Created","detail":{"bucket":{"name":""" + JsonSerializer.Serialize(bucket) +
        """},"object":{"key":""" + JsonSerializer.Serialize(key) + ""","version-id":"v1"}}}""").RootElement;

    [Fact]
    public async Task A_bundle_upload_starts_one_execution_and_a_redelivery_none()
    {
        var first = await _world.Start().RunAsync(Uploaded("bundles/demo-1.0.0.zip"), CancellationToken.None);
        var again = await _world.Start().RunAsync(Uploaded("bundles/demo-1.0.0.zip"), CancellationToken.None);

        Assert.True(first.Started);
        Assert.Equal((false, first.ExecutionName), (again.Started, again.ExecutionName));
        Assert.Contains("duplicate event", again.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("other/demo.zip", PipelineWorld.BundlesBucket)]
    [InlineData("bundles/demo.zip", "elsewhere")]
    public async Task Uploads_that_are_not_bundles_start_nothing(string key, string bucket)
    {
        var result = await _world.Start().RunAsync(Uploaded(key, bucket), CancellationToken.None);

        Assert.False(result.Started);
        Assert.Empty(_world.Executions.Started);
    }

    [Fact]
    public async Task Without_a_state_machine_the_start_is_a_configuration_error() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => _world.Start(stateMachineArn: null).RunAsync(Uploaded("bundles/demo.zip"), CancellationToken.None));
}

public sealed class ResolveStepTests
{
    private readonly PipelineWorld _world = new();

    private async Task<DeploymentPlan> ResolveAsync(IReadOnlyList<string>? targets = null)
    {
        var bundle = await _world.PublishBundleAsync("1.0.0", Samples.Manifest(), Samples.Files);
        return await _world.Resolve().RunAsync(new ResolveInput(new ExecutionRequest(bundle, targets, null, "s3"), "arn:aws:states:us-east-1:1:execution:sm:run-9", null), CancellationToken.None);
    }

    [Fact]
    public async Task Plans_the_targets_in_manifest_order_gating_the_gated_stages()
    {
        var plan = await ResolveAsync();

        Assert.Equal([("dev", false, "dzd_corp"), ("prod", true, "dzd_corp")], plan.Targets.Select(t => (t.Name, t.Gated, t.Domain.Id)));
        Assert.Equal("run-9", plan.Run.RunId);
        Assert.Equal(LifecycleEvents.DeploymentStarted, Assert.Single(_world.Events.Published).DetailType);
    }

    [Fact]
    public async Task An_unknown_target_fails_before_anything_is_announced()
    {
        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ResolveAsync(["nope"]));

        Assert.Equal(PipelineErrors.TargetUnknown, failure.Error);
        Assert.Empty(_world.Events.Published);
    }

    [Fact]
    public async Task A_stage_asking_for_what_is_not_built_yet_fails_with_Manifest_Unsupported_before_anything_is_announced()
    {
        const string manifest = """
            applicationName: demo
            content:
              storage:
                - name: code
                  include: ['src/']
            stages:
              dev:
                stage: DEV
                domain: {name: corp, region: us-east-1}
                project: {name: dev-demo}
                bootstrap:
                  actions:
                    - type: cli.print
                      message: hello
              test:
                stage: TEST
                domain: {name: corp, region: us-east-1}
                project: {name: test-demo}
            """;
        var bundle = await _world.PublishEntriesAsync("1.0.0", manifest, new Dictionary<string, string> { ["storage/code/a.py"] = "x" });

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => _world.Resolve().RunAsync(
            new ResolveInput(new ExecutionRequest(bundle, null, null, "s3"), "arn:aws:states:us-east-1:1:execution:sm:run-9", null), CancellationToken.None));

        Assert.Equal(PipelineErrors.ManifestUnsupported, failure.Error);
        Assert.Contains("stage 'dev': stages.dev.bootstrap.actions (cli.print)", failure.Cause, StringComparison.Ordinal);
        Assert.DoesNotContain("stage 'test'", failure.Cause, StringComparison.Ordinal);
        Assert.Empty(_world.Events.Published);
    }

    [Fact]
    public async Task An_application_stage_with_only_built_parts_resolves()
    {
        const string manifest = """
            applicationName: demo
            content:
              storage:
                - name: code
                  include: ['src/']
            stages:
              dev:
                stage: DEV
                domain: {name: corp, region: us-east-1}
                project: {name: dev-demo}
                deployment_configuration:
                  storage:
                    - {name: code, connectionName: default.s3_shared, targetDirectory: a}
                    - {name: code, connectionName: default.s3_shared, targetDirectory: b, compression: tar.gz}
            """;
        var bundle = await _world.PublishEntriesAsync("1.0.0", manifest, new Dictionary<string, string> { ["storage/code/a.py"] = "x" });

        var plan = await _world.Resolve().RunAsync(
            new ResolveInput(new ExecutionRequest(bundle, null, null, "s3"), "arn:aws:states:us-east-1:1:execution:sm:run-9", null), CancellationToken.None);

        Assert.Equal("dev", Assert.Single(plan.Targets).Name);
    }

    [Fact]
    public async Task An_ambiguous_domain_fails()
    {
        _world.Catalog.Domains.Add(new CatalogDomain("dzd_other", "corp"));

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ResolveAsync());

        Assert.Equal(PipelineErrors.DomainAmbiguous, failure.Error);
    }

    [Fact]
    public async Task A_missing_bundle_fails_with_its_name()
    {
        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => _world.Resolve().RunAsync(
            new ResolveInput(new ExecutionRequest(new BundleReference(PipelineWorld.BundlesBucket, "bundles/none.zip", null), null, null, "s3"), "arn:x:run", null), CancellationToken.None));

        Assert.Equal(PipelineErrors.BundleNotFound, failure.Error);
    }
}

public sealed class CompletionAndFailureStepsTests
{
    private readonly PipelineWorld _world = new();
    private static readonly RunContext Run = Samples.Run(new BundleReference(PipelineWorld.BundlesBucket, "bundles/demo.zip", "v1"));

    [Fact]
    public async Task A_deployed_target_and_a_finished_run_are_announced()
    {
        var deployment = new DeploymentSummary("k", 1, 0, 0, 0, 0, 1);
        var outcome = await _world.CompleteTarget().RunAsync(new CompleteTargetInput("arn:exec", Run, Samples.Target(), deployment, null), CancellationToken.None);
        var outcomes = await _world.CompleteRun().RunAsync(new CompleteRunInput("arn:exec", Run, [outcome]), CancellationToken.None);

        Assert.Equal("dev", Assert.Single(outcomes).Target);
        Assert.Equal([LifecycleEvents.TargetDeployed, LifecycleEvents.DeploymentSucceeded], _world.Events.Published.Select(e => e.DetailType));
    }

    [Fact]
    public async Task A_failure_frees_the_locks_this_run_holds_and_is_announced()
    {
        Assert.Null(await _world.Locks.AcquireAsync("dev", Run, CancellationToken.None));
        var state = JsonSerializer.SerializeToElement(new { failure = new { Error = "Deploy.ConnectionNotFound", Cause = "no connection" }, targets = new[] { new { name = "dev" } } });
        var withRun = JsonDocument.Parse(state.GetRawText().TrimEnd('}') + ",\"run\":" + JsonSerializer.Serialize(Run, PipelineJsonContext.Default.RunContext) + "}").RootElement;

        var report = await _world.ReportFailure().RunAsync(new ReportFailureInput("arn:exec", withRun), CancellationToken.None);

        Assert.Equal(("Deploy.ConnectionNotFound", "no connection"), (report.Error, report.Cause));
        Assert.DoesNotContain((PipelineWorld.StateBucket, StateKeys.TargetLock("demo", "dev")), _world.Store.Keys);
        Assert.Equal(LifecycleEvents.DeploymentFailed, Assert.Single(_world.Events.Published).DetailType);
    }

    [Fact]
    public async Task An_unnamed_error_is_reported_as_unexpected_with_its_type_in_the_cause()
    {
        var state = JsonDocument.Parse("""{"failure":{"Error":"NullReferenceException","Cause":"{\"errorMessage\":\"boom\"}"}}""").RootElement;

        var report = await _world.ReportFailure().RunAsync(new ReportFailureInput("arn:exec", state), CancellationToken.None);

        Assert.Equal((PipelineErrors.Unexpected, "NullReferenceException: boom"), (report.Error, report.Cause));
    }
}
