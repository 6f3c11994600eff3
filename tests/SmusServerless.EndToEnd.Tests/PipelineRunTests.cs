using System.Text.Json.Nodes;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Pipeline;
using SmusServerless.Local.Approvals;
using SmusServerless.Local.DataZone;
using SmusServerless.Local.Pipeline;

namespace SmusServerless.EndToEnd.Tests;

public sealed class PipelineRunTests : IAsyncLifetime
{
    private readonly OfflineWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("marketing-demo")]
    [InlineData("serverless-etl")]
    public async Task Example_deploys_dev_then_test_then_prod_after_approval(string example)
    {
        var bundle = await _world.BundleAsync(example, "1.0.0");
        var run = await _world.StartAsync(await OfflineWorld.ManifestAsync(bundle));

        var result = await run.RunBundleAsync(bundle, null, CancellationToken.None);

        Assert.True(result.Succeeded, $"{result.Error}: {result.Cause}");
        var deployed = _world.OfType(LifecycleEvents.TargetDeployed).Select(e => e["detail"]!["target"]!.GetValue<string>()).ToList();
        Assert.Equal(["dev", "test", "prod"], deployed);
        var order = _world.DetailTypes.ToList();
        Assert.True(order.IndexOf(LifecycleEvents.Approved) < order.LastIndexOf(LifecycleEvents.TargetDeployed), string.Join(", ", order));
        Assert.True(order.IndexOf(LifecycleEvents.ApprovalRequested) > order.IndexOf(LifecycleEvents.TargetDeployed), "prod is gated after dev is deployed");
        Assert.Equal(LifecycleEvents.DeploymentSucceeded, order[^1]);
    }

    [Fact]
    public async Task Deployed_files_equal_the_bundle_in_every_target_project()
    {
        var bundle = await _world.BundleAsync("marketing-demo", "1.0.0");
        var run = await _world.StartAsync(await OfflineWorld.ManifestAsync(bundle));
        await run.RunBundleAsync(bundle, null, CancellationToken.None);

        var files = await _world.ProjectFilesAsync(run);
        var dags = files.Keys.Where(k => k.EndsWith("/workflows/dags/marketing_daily_refresh.py", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, dags.Count); // dev, test and prod projects
        var source = File.ReadAllText(Path.Combine(OfflineWorld.RepositoryRoot, "examples", "marketing-demo", "workflows", "dags", "marketing_daily_refresh.py"));
        Assert.All(dags, key => Assert.Equal(source, files[key]));
        Assert.DoesNotContain(files.Keys, k => k.EndsWith(".pyc", StringComparison.Ordinal) || k.Contains("__pycache__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_shows_the_execution_and_what_each_target_holds()
    {
        var bundle = await _world.BundleAsync("marketing-demo", "1.2.3");
        var run = await _world.StartAsync(await OfflineWorld.ManifestAsync(bundle));
        await run.RunBundleAsync(bundle, null, CancellationToken.None);

        var stdout = new StringWriter();
        var exit = await Cli.CliApplication.RunAsync(["status", "--state-dir", _world.StateDirectory, "--json"], stdout, TextWriter.Null, new Dictionary<string, string?>());

        Assert.Equal(0, exit);
        var documents = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal("SUCCEEDED", Assert.Single(documents, d => d["kind"]!.GetValue<string>() == "execution")["status"]!.GetValue<string>());
        var deployments = documents.Where(d => d["kind"]!.GetValue<string>() == "deployment").ToList();
        Assert.Equal(["dev", "prod", "test"], deployments.Select(d => d["targetName"]!.GetValue<string>()));
        Assert.All(deployments, d => Assert.Equal("1.2.3", d["bundleVersion"]!.GetValue<string>()));
        Assert.All(deployments, d => Assert.NotEmpty(d["files"]!.AsArray()));
    }

    [Fact]
    public async Task Unchanged_redeploy_writes_no_object()
    {
        var bundle = await _world.BundleAsync("marketing-demo", "1.0.0");
        var run = await _world.StartAsync(await OfflineWorld.ManifestAsync(bundle));
        await run.RunBundleAsync(bundle, null, CancellationToken.None);
        var versionsBefore = await VersionCountsAsync(run);

        var again = await run.RunBundleAsync(bundle, ["dev"], CancellationToken.None);

        Assert.True(again.Succeeded, $"{again.Error}: {again.Cause}");
        Assert.Equal(versionsBefore, await VersionCountsAsync(run));
        var lastDeploy = _world.OfType(LifecycleEvents.TargetDeployed).Last()["detail"]!["deployment"]!;
        Assert.Equal(0, lastDeploy["added"]!.GetValue<int>() + lastDeploy["changed"]!.GetValue<int>() + lastDeploy["pruned"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_same_upload_event_delivered_three_times_starts_one_execution()
    {
        var bundle = await _world.BundleAsync("marketing-demo", "1.0.0");
        var run = await _world.StartAsync(await OfflineWorld.ManifestAsync(bundle));
        await run.RunBundleAsync(bundle, null, CancellationToken.None);
        var uploaded = run.Host.Events.Log.First(e => e["source"]?.GetValue<string>() == "aws.s3");
        Assert.Single(run.Engine.ListExecutions());

        for (var i = 0; i < 3; i++)
            await run.Host.Events.PutAsync(new JsonObject
            {
                ["Source"] = "aws.s3", ["DetailType"] = "Object Created", ["Detail"] = uploaded["detail"]!.ToJsonString(),
            }, CancellationToken.None);

        Assert.Single(run.Engine.ListExecutions());
    }

    [Fact]
    public async Task Missing_project_that_may_not_be_created_fails_with_its_name_and_later_targets_are_untouched()
    {
        var bundle = await _world.BundleAsync("marketing-demo", "1.0.0");
        var manifest = await OfflineWorld.ManifestAsync(bundle);
        var seed = ManifestSeed.From(manifest);
        // The dev project (create: false) is not there.
        seed = new DataZoneSeed([.. seed.Domains.Select(d => d with { Projects = [.. d.Projects!.Where(p => p.Name != manifest.FindTarget("dev")!.Project.Name)] })]);
        var run = await _world.StartAsync(manifest, seed: seed);

        var result = await run.RunBundleAsync(bundle, null, CancellationToken.None);

        Assert.Equal("FAILED", result.Status);
        Assert.Equal(PipelineErrors.ProjectNotFound, result.Error);
        Assert.Empty(_world.OfType(LifecycleEvents.TargetDeployed));
        Assert.Empty(await _world.ProjectFilesAsync(run));
        Assert.Single(_world.OfType(LifecycleEvents.DeploymentFailed));
    }

    [Fact]
    public async Task Rejected_approval_stops_the_run_with_Approval_Rejected_and_prod_is_untouched()
    {
        var bundle = await _world.BundleAsync("marketing-demo", "1.0.0");
        var run = await _world.StartAsync(await OfflineWorld.ManifestAsync(bundle), autoApprove: false);

        var running = run.RunBundleAsync(bundle, null, CancellationToken.None);
        var requested = await WaitForAsync(() => _world.OfType(LifecycleEvents.ApprovalRequested).FirstOrDefault());
        var link = requested["detail"]!["links"]!.AsArray()[0]!["url"]!.GetValue<string>();
        using var http = new HttpClient();
        var vote = await new ApprovalLinkClient(http).VoteAsync(link, ApprovalDecision.Reject, "not this week", CancellationToken.None);
        var result = await running;

        Assert.True(vote.Counted, vote.Message);
        Assert.Equal(PipelineErrors.ApprovalRejected, result.Error);
        Assert.Contains("not this week", result.Cause);
        Assert.DoesNotContain(_world.OfType(LifecycleEvents.TargetDeployed), e => e["detail"]!["target"]!.GetValue<string>() == "prod");
    }

    [Fact]
    public async Task Approve_command_votes_as_named_approvers_through_the_endpoint_and_prod_deploys()
    {
        var bundle = await _world.BundleAsync("marketing-demo", "1.0.0");
        var run = await _world.StartAsync(await OfflineWorld.ManifestAsync(bundle), autoApprove: false);

        var running = run.RunBundleAsync(bundle, null, CancellationToken.None);
        var requested = await WaitForAsync(() => _world.OfType(LifecycleEvents.ApprovalRequested).FirstOrDefault());
        var url = new Uri(requested["detail"]!["links"]!.AsArray()[0]!["url"]!.GetValue<string>());
        var approvalId = url.AbsolutePath.Split('/')[^1];
        var exits = new List<int>();
        foreach (var approver in new[] { "approver-1@local", "approver-2@local" })
            exits.Add(await Cli.CliApplication.RunAsync(["approve", approvalId, "--as", approver, "--state-dir", _world.StateDirectory],
                TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>()));
        var result = await running;

        Assert.Equal([0, 0], exits);
        Assert.True(result.Succeeded, $"{result.Error}: {result.Cause}");
        Assert.Contains(_world.OfType(LifecycleEvents.TargetDeployed), e => e["detail"]!["target"]!.GetValue<string>() == "prod");
    }

    [Fact]
    public async Task Author_of_the_bundle_cannot_approve_it()
    {
        var bundle = await _world.BundleAsync("marketing-demo", "1.0.0");
        var run = await _world.StartAsync(await OfflineWorld.ManifestAsync(bundle), autoApprove: false);

        var running = run.RunBundleAsync(bundle, null, CancellationToken.None);
        var requested = await WaitForAsync(() => _world.OfType(LifecycleEvents.ApprovalRequested).FirstOrDefault());
        var approvalId = new Uri(requested["detail"]!["links"]!.AsArray()[0]!["url"]!.GetValue<string>()).AbsolutePath.Split('/')[^1];
        var exit = await Cli.CliApplication.RunAsync(["approve", approvalId, "--as", "dev@example.com", "--state-dir", _world.StateDirectory],
            TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>());
        await Cli.CliApplication.RunAsync(["reject", approvalId, "--as", "approver-1@local", "--comment", "cleanup", "--state-dir", _world.StateDirectory],
            TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>());
        var result = await running;

        Assert.Equal(1, exit); // the author is not an approver: no link can be signed for them
        Assert.Equal(PipelineErrors.ApprovalRejected, result.Error);
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe) where T : class
    {
        // Bounded by count, not by a timing assertion: the run reaches the gate in well under this many checks.
        for (var i = 0; i < 600; i++)
        {
            if (probe() is { } found) return found;
            await Task.Delay(50);
        }
        throw new TimeoutException("the run never reached the approval gate");
    }

    private static async Task<int> VersionCountsAsync(LocalPipelineRun run)
    {
        var total = 0;
        var page = await run.Store.ListAsync(ManifestSeed.ProjectsBucket, "", null, 1000, CancellationToken.None);
        foreach (var item in page.Objects)
            total += (await run.Store.ListVersionsAsync(ManifestSeed.ProjectsBucket, item.Key, CancellationToken.None)).Count;
        return total;
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();
}
