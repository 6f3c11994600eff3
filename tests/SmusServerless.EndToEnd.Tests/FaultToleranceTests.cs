using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;
using SmusServerless.Local.Pipeline;
using SmusServerless.Local.S3;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>
/// Injected AWS faults and a failure in the middle of Deploy: the state machine's retries carry the run to success,
/// nothing is created twice, and the targets hold exactly their bundle.
/// </summary>
public sealed class FaultToleranceTests : IAsyncLifetime
{
    private readonly OfflineWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DataZone_throttling_and_5xx_on_every_kind_of_create_end_in_success_without_duplicates()
    {
        var bundle = await _world.BundleAsync("marketing-demo", "1.0.0");
        var manifest = await OfflineWorld.ManifestAsync(bundle);
        var run = await _world.StartAsync(manifest);
        var faults = run.Host.DataZone.Faults;
        // Five failures outlast the client's own attempts, so these reach the state machine as Pipeline.Transient.
        faults.FailNext("CreateProject", 5, "ThrottlingException");
        faults.FailNext("CreateSubscriptionRequest", 5, "InternalServerException");
        faults.FailNext("ListConnections", 5, "ThrottlingException"); // Deploy, after it took the target lock
        // These take effect and then fail (the response is lost): a blind retry would create them twice.
        faults.FailNextAfterCommit("CreateProject", 1);
        faults.FailNextAfterCommit("CreateProjectMembership", 2);
        faults.FailNextAfterCommit("CreateSubscriptionRequest", 1);
        faults.FailNextAfterCommit("CreateEnvironment", 1);
        faults.FailNext("GetProject", 2, "ThrottlingException");

        var result = await run.RunBundleAsync(bundle, ["dev", "test"], CancellationToken.None);

        Assert.True(result.Succeeded, $"{result.Error}: {result.Cause}");
        Assert.All(new[] { "CreateProject", "CreateSubscriptionRequest", "ListConnections", "CreateProjectMembership", "CreateEnvironment", "GetProject" },
            operation => Assert.Equal(0, faults.Pending(operation)));
        Assert.True(TargetContent.FailedTaskErrors(run, result.ExecutionArn).Count(e => e == PipelineErrors.Transient) >= 3,
            "the faults that outlast the client's retries are retried by the state machine");

        var probe = new DataZoneProbe(run.Host.DataZone);
        var test = manifest.FindTarget("test")!;
        var domainId = await probe.DomainIdAsync(test.Domain.Name);
        var projectId = Assert.Single(await probe.ProjectIdsAsync(domainId, test.Project.Name));
        var members = await probe.MemberUserIdsAsync(domainId, projectId);
        Assert.Equal(members.Distinct().Count(), members.Count);
        Assert.True(members.Count >= test.Owners.Count + test.Contributors.Count, string.Join(", ", members));
        Assert.Single(await probe.EnvironmentNamesAsync(domainId, projectId), name => name == test.Environments[0].EnvironmentConfigurationName);
        var devProjectId = Assert.Single(await probe.ProjectIdsAsync(domainId, manifest.FindTarget("dev")!.Project.Name));
        Assert.Equal(manifest.Bundle.CatalogAssets.Count, (await probe.SubscriptionRequestIdsAsync(domainId, devProjectId)).Count);

        await TargetContent.AssertHoldsExactlyAsync(run, VersionedDeploymentTests.DevPrefix(manifest),
            (await OfflineWorld.CurrentRecordAsync(run, manifest.Name, "dev"))!, bundle);
        // A project the pipeline created deploys to its default.s3_shared connection (the local ProjectS3UriTemplate).
        await TargetContent.AssertHoldsExactlyAsync(run, $"{domainId}/{projectId}/shared/",
            (await OfflineWorld.CurrentRecordAsync(run, manifest.Name, "test"))!, bundle);
    }

    [Fact]
    public async Task A_store_failure_in_the_middle_of_Deploy_is_retried_and_the_target_ends_holding_exactly_the_bundle()
    {
        var bundle = await _world.BundleAsync("marketing-demo", "1.0.0");
        var manifest = await OfflineWorld.ManifestAsync(bundle);
        var run = await _world.StartAsync(manifest);
        var puts = 0;
        var failed = 0;
        // The third object of the deploy fails as S3 does when it answers 500 after the SDK's own retries.
        using var fault = run.Store.BeforeWrite((write, _) =>
        {
            if (write.Bucket == ManifestSeed.ProjectsBucket && write.Kind == ObjectWriteKind.Put && Interlocked.Increment(ref puts) == 3)
            {
                Interlocked.Increment(ref failed);
                throw new ObjectStoreException($"S3 InternalError on s3://{write.Bucket}/{write.Key}: We encountered an internal error. Please try again.");
            }
            return Task.CompletedTask;
        });

        var result = await run.RunBundleAsync(bundle, ["dev"], CancellationToken.None);

        Assert.True(result.Succeeded, $"{result.Error}: {result.Cause}");
        Assert.Equal(1, failed);
        Assert.Contains(PipelineErrors.Transient, TargetContent.FailedTaskErrors(run, result.ExecutionArn));
        var record = (await OfflineWorld.CurrentRecordAsync(run, manifest.Name, "dev"))!;
        await TargetContent.AssertHoldsExactlyAsync(run, VersionedDeploymentTests.DevPrefix(manifest), record, bundle);
        Assert.Null(await run.Store.HeadAsync(LocalPipelineRun.StateBucket, $"locks/{manifest.Name}/dev.json", null, CancellationToken.None));
        Assert.Equal(["dev"], _world.OfType(LifecycleEvents.TargetDeployed).Select(e => e["detail"]!["target"]!.GetValue<string>()).ToList());
    }

    [Fact]
    public async Task A_deploy_that_fails_for_good_frees_the_target_so_the_next_run_deploys_without_waiting()
    {
        var bundle = await _world.BundleAsync("marketing-demo", "1.0.0");
        var manifest = await OfflineWorld.ManifestAsync(bundle);
        var run = await _world.StartAsync(manifest);
        // S3 keeps failing for as long as the first run lasts: the state machine's retries of Deploy run out.
        var outage = run.Store.BeforeWrite((write, _) => write.Bucket == ManifestSeed.ProjectsBucket && write.Kind == ObjectWriteKind.Put
            ? throw new ObjectStoreException($"S3 ServiceUnavailable on s3://{write.Bucket}/{write.Key}: Service is unable to handle request.")
            : Task.CompletedTask);
        var failed = await run.RunBundleAsync(bundle, ["dev"], CancellationToken.None);
        outage.Dispose();

        var next = await run.RunBundleAsync(bundle, ["dev"], CancellationToken.None);

        Assert.Equal(PipelineErrors.Transient, failed.Error);
        Assert.Equal(PipelineErrors.Transient, Assert.Single(_world.OfType(LifecycleEvents.DeploymentFailed))["detail"]!["error"]!.GetValue<string>());
        Assert.True(next.Succeeded, $"{next.Error}: {next.Cause}");
        Assert.DoesNotContain("Wait for Deploy", TargetContent.EnteredStates(run, next.ExecutionArn));
        await TargetContent.AssertHoldsExactlyAsync(run, VersionedDeploymentTests.DevPrefix(manifest),
            (await OfflineWorld.CurrentRecordAsync(run, manifest.Name, "dev"))!, bundle);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();
}
