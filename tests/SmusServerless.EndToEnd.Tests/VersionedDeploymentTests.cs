using System.Text;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;
using SmusServerless.Local.Pipeline;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>A second version of a pipeline, and a rollback to the first: what each writes, deletes and keeps.</summary>
public sealed class VersionedDeploymentTests : IAsyncLifetime
{
    private const string AddedFile = "src/sql/campaign_responses.sql";
    private const string ChangedFile = "src/marketing/metrics.py";
    private const string RemovedFile = "src/sql/countries_summary.sql";

    private readonly OfflineWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_new_version_writes_the_added_and_changed_files_prunes_the_removed_one_and_keeps_files_it_never_wrote()
    {
        var (v1, v2) = await TwoVersionsAsync();
        var manifest = await OfflineWorld.ManifestAsync(v1);
        var run = await _world.StartAsync(manifest);
        var first = await run.RunBundleAsync(v1, ["dev"], CancellationToken.None);
        Assert.True(first.Succeeded, $"{first.Error}: {first.Cause}");
        var before = (await OfflineWorld.CurrentRecordAsync(run, manifest.Name, "dev"))!;
        // Someone put a file of their own into the target's directory; the pipeline never wrote it.
        var foreignKey = KeyOf(before, ChangedFile)[..(KeyOf(before, ChangedFile).LastIndexOf('/') + 1)] + "NOTES-from-analyst.md";
        await run.Store.PutAsync(ManifestSeed.ProjectsBucket, foreignKey, new MemoryStream("keep me"u8.ToArray()), PutOptions.Default, CancellationToken.None);
        var snapshot = await StoreSnapshot.TakeAsync(run.Store, ManifestSeed.ProjectsBucket);

        var second = await run.RunBundleAsync(v2, ["dev"], CancellationToken.None);

        Assert.True(second.Succeeded, $"{second.Error}: {second.Cause}");
        var after = await snapshot.NextAsync(run.Store, ManifestSeed.ProjectsBucket);
        var record = (await OfflineWorld.CurrentRecordAsync(run, manifest.Name, "dev"))!;
        Assert.Equal(new HashSet<string> { KeyOf(record, AddedFile), KeyOf(record, ChangedFile) }, after.WrittenSince(snapshot));
        Assert.Equal(new HashSet<string> { KeyOf(before, RemovedFile) }, after.DeletedSince(snapshot));
        var files = await _world.ProjectFilesAsync(run);
        Assert.Equal("keep me", files[foreignKey]);
        Assert.DoesNotContain(KeyOf(before, RemovedFile), files.Keys);
        Assert.Equal("2.0.0", record.BundleVersion);
        Assert.DoesNotContain(record.Files, f => f.Key == foreignKey);
        var summary = _world.OfType(LifecycleEvents.TargetDeployed).Last()["detail"]!["deployment"]!;
        Assert.Equal((1, 1, 1), (summary["added"]!.GetValue<int>(), summary["changed"]!.GetValue<int>(), summary["pruned"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Deployment_Requested_for_the_older_bundle_version_rolls_the_target_back_to_exactly_its_files()
    {
        var (v1, v2) = await TwoVersionsAsync();
        var manifest = await OfflineWorld.ManifestAsync(v1);
        var run = await _world.StartAsync(manifest);
        var prefix = DevPrefix(manifest);
        // CI publishes every version to the same key; the versioned bucket keeps them all.
        const string key = "releases/marketing-demo.zip";
        var v1Id = await OfflineWorld.StoreBundleAsync(run, v1, key);
        Assert.True((await run.RunToEndAsync(await OfflineWorld.RequestDeploymentAsync(run, key, v1Id, ["dev"]), CancellationToken.None)).Succeeded);
        var v1Files = await _world.FilesUnderAsync(run, prefix);
        var v2Id = await OfflineWorld.StoreBundleAsync(run, v2, key);
        Assert.True((await run.RunToEndAsync(await OfflineWorld.RequestDeploymentAsync(run, key, v2Id, ["dev"]), CancellationToken.None)).Succeeded);
        Assert.NotEqual(v1Files, await _world.FilesUnderAsync(run, prefix));

        var rollback = await run.RunToEndAsync(await OfflineWorld.RequestDeploymentAsync(run, key, v1Id, ["dev"]), CancellationToken.None);

        Assert.True(rollback.Succeeded, $"{rollback.Error}: {rollback.Cause}");
        var files = await _world.FilesUnderAsync(run, prefix);
        Assert.Equal(v1Files.OrderBy(f => f.Key, StringComparer.Ordinal), files.OrderBy(f => f.Key, StringComparer.Ordinal));
        Assert.Contains(files.Keys, k => k.EndsWith(RemovedFile[4..], StringComparison.Ordinal));
        Assert.DoesNotContain(files.Keys, k => k.EndsWith(AddedFile[4..], StringComparison.Ordinal));
        var record = (await OfflineWorld.CurrentRecordAsync(run, manifest.Name, "dev"))!;
        Assert.Equal(("1.0.0", v1Id), (record.BundleVersion, record.Bundle.VersionId));
        await TargetContent.AssertHoldsExactlyAsync(run, prefix, record, v1);
        var history = await OfflineWorld.HistoryAsync(run, manifest.Name, "dev");
        Assert.Equal(["1.0.0", "1.0.0", "2.0.0"], history.Select(h => h.BundleVersion).Order(StringComparer.Ordinal).ToList());
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    /// <summary>Version 1 is the example as it is; version 2 adds one file, changes one and removes one.</summary>
    private async Task<(string V1, string V2)> TwoVersionsAsync()
    {
        var source = _world.CopyExample("marketing-demo");
        var v1 = await _world.BundleDirectoryAsync(source.Directory, "1.0.0");
        source.Write(AddedFile, "SELECT campaign_id, count(*) AS responses FROM campaign_responses GROUP BY campaign_id;\n");
        source.Append(ChangedFile, "\n# v2: thresholds reviewed with the marketing team\n");
        source.Delete(RemovedFile);
        var v2 = await _world.BundleDirectoryAsync(source.Directory, "2.0.0");
        return (v1, v2);
    }

    /// <summary>The object key a bundle file was deployed to, from the deployment record.</summary>
    private static string KeyOf(DeploymentRecord record, string sourcePath) =>
        Assert.Single(record.Files, f => f.BundlePath.EndsWith("/" + sourcePath, StringComparison.Ordinal)).Key;

    /// <summary>Where the dev project's connection points (the seed gives create: false projects their connections).</summary>
    internal static string DevPrefix(PipelineManifest manifest) =>
        S3Uri.Parse(ManifestSeed.From(manifest).Domains.SelectMany(d => d.Projects!).Single(p => p.Name == manifest.FindTarget("dev")!.Project.Name)
            .Connections!.Single().S3Uri).Key;
}
