using System.Text.Json.Nodes;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;
using SmusServerless.Local.DataZone;
using SmusServerless.Local.Pipeline;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>Runs that cannot succeed: each ends with its named error, reports it in "Deployment Failed", and leaves later targets untouched.</summary>
public sealed class NamedFailureTests : IAsyncLifetime
{
    private readonly OfflineWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Unknown_project_profile_fails_with_Profile_NotFound_after_dev_and_test_and_prod_are_untouched()
    {
        var bundle = await _world.BundleAsync("marketing-demo", "1.0.0");
        var manifest = await OfflineWorld.ManifestAsync(bundle);
        var seed = ManifestSeed.From(manifest);
        // The domain offers its capabilities under another profile name than the one test and prod ask for.
        const string asked = "All capabilities", offered = "Data analytics";
        seed = new DataZoneSeed([.. seed.Domains.Select(d => d with
        {
            ProjectProfiles = [.. d.ProjectProfiles!.Select(p => p.Name == asked ? p with { Name = offered } : p)],
            Projects = [.. d.Projects!.Select(p => p.Profile == asked ? p with { Profile = offered } : p)],
        })]);
        var run = await _world.StartAsync(manifest, seed: seed);

        var result = await run.RunBundleAsync(bundle, null, CancellationToken.None);

        Assert.Equal(PipelineErrors.ProfileNotFound, result.Error);
        Assert.Contains(asked, result.Cause);
        AssertReportedOnce(PipelineErrors.ProfileNotFound);
        Assert.Equal(["dev"], DeployedTargets());
        await AssertUntouchedAsync(run, manifest, "test", "prod");
        var probe = new DataZoneProbe(run.Host.DataZone);
        var domainId = await probe.DomainIdAsync(manifest.FindTarget("test")!.Domain.Name);
        Assert.Empty(await probe.ProjectIdsAsync(domainId, manifest.FindTarget("test")!.Project.Name));
    }

    [Fact]
    public async Task Subscription_rejected_by_the_asset_owner_fails_with_Subscription_Rejected_and_the_owners_reason()
    {
        var bundle = await _world.BundleAsync("marketing-demo", "1.0.0");
        var manifest = await OfflineWorld.ManifestAsync(bundle);
        var seed = ManifestSeed.From(manifest);
        const string reason = "Campaign data is restricted to the CRM team";
        seed = new DataZoneSeed([.. seed.Domains.Select(d => d with
        {
            Listings = [.. d.Listings!.Select(l => l with { OwnerPolicy = new SeedOwnerPolicy("AutoReject", 10, reason) })],
        })]);
        var run = await _world.StartAsync(manifest, seed: seed);

        var result = await run.RunBundleAsync(bundle, null, CancellationToken.None);

        Assert.Equal(PipelineErrors.SubscriptionRejected, result.Error);
        Assert.Contains(reason, result.Cause);
        AssertReportedOnce(PipelineErrors.SubscriptionRejected);
        Assert.Empty(DeployedTargets());
        await AssertUntouchedAsync(run, manifest, "dev", "test", "prod");
    }

    [Fact]
    public async Task Failing_pytest_in_the_tests_folder_fails_with_Tests_Failed_and_later_targets_are_untouched()
    {
        var source = _world.CopyExample("marketing-demo");
        source.Write("tests/test_release_gate.py",
            "def test_release_gate_holds_this_bundle_back():\n    assert 1 + 1 == 3, 'release gate: this bundle must not be promoted'\n");
        var bundle = await _world.BundleDirectoryAsync(source.Directory, "1.0.0");
        var manifest = await OfflineWorld.ManifestAsync(bundle);
        var run = await _world.StartAsync(manifest);

        var result = await run.RunBundleAsync(bundle, null, CancellationToken.None);

        Assert.Equal(PipelineErrors.TestsFailed, result.Error);
        AssertReportedOnce(PipelineErrors.TestsFailed);
        var testsFailed = Assert.Single(_world.OfType(LifecycleEvents.TestsFailed));
        Assert.Equal("dev", testsFailed["detail"]!["target"]!.GetValue<string>());
        var dev = (await OfflineWorld.CurrentRecordAsync(run, manifest.Name, "dev"))!;
        Assert.Equal(1, dev.Tests!.Failed);
        Assert.Empty(DeployedTargets()); // dev's files are there, but the target did not pass
        await AssertUntouchedAsync(run, manifest, "test", "prod");
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private List<string> DeployedTargets() =>
        [.. _world.OfType(LifecycleEvents.TargetDeployed).Select(e => e["detail"]!["target"]!.GetValue<string>())];

    private void AssertReportedOnce(string error)
    {
        var failed = Assert.Single(_world.OfType(LifecycleEvents.DeploymentFailed));
        Assert.Equal(error, failed["detail"]!["error"]!.GetValue<string>());
        Assert.Equal(LifecycleEvents.DeploymentFailed, _world.DetailTypes.Last());
    }

    /// <summary>No deployment record, and no file in any project other than those of the targets that ran before.</summary>
    private async Task AssertUntouchedAsync(LocalPipelineRun run, PipelineManifest manifest, params string[] targets)
    {
        foreach (var target in targets)
            Assert.Null(await OfflineWorld.CurrentRecordAsync(run, manifest.Name, target));
        var touched = manifest.Targets.Select(t => t.Name).Except(targets).ToList();
        var allowed = new List<string>();
        foreach (var target in touched)
            if (await OfflineWorld.CurrentRecordAsync(run, manifest.Name, target) is { } record)
                allowed.AddRange(record.Files.Select(f => f.Key));
        Assert.All((await _world.ProjectFilesAsync(run)).Keys, key => Assert.Contains(key, allowed));
    }
}
