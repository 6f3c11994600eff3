using SmusServerless.Core.Storage;
using SmusServerless.Local.Pipeline;
using SmusServerless.Local.S3;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>Two bundles for the same target at once: the target lock serializes their deploys, and the target ends holding one whole bundle.</summary>
public sealed class ConcurrentDeploymentTests : IAsyncLifetime
{
    private readonly OfflineWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Two_versions_deployed_to_one_target_at_once_are_serialized_and_the_target_holds_exactly_one_of_them()
    {
        var source = _world.CopyExample("marketing-demo");
        var v1 = await _world.BundleDirectoryAsync(source.Directory, "1.0.0");
        source.Write("src/sql/campaign_responses.sql", "SELECT campaign_id, count(*) FROM campaign_responses GROUP BY campaign_id;\n");
        source.Append("src/marketing/metrics.py", "\n# v2\n");
        source.Delete("src/sql/countries_summary.sql");
        var v2 = await _world.BundleDirectoryAsync(source.Directory, "2.0.0");
        var manifest = await OfflineWorld.ManifestAsync(v1);
        var run = await _world.StartAsync(manifest);
        var bundles = new Dictionary<string, string> { ["1.0.0"] = v1, ["2.0.0"] = v2 };
        // Whichever deploy comes first fails once midway (a transient S3 error), so it still holds the target lock
        // while its retry is pending: the other deploy reaches the target exactly then.
        var puts = 0;
        using var fault = run.Store.BeforeWrite((write, _) =>
            write.Bucket == ManifestSeed.ProjectsBucket && write.Kind == ObjectWriteKind.Put && Interlocked.Increment(ref puts) == 3
                ? throw new ObjectStoreException($"S3 SlowDown on s3://{write.Bucket}/{write.Key}: Please reduce your request rate.")
                : Task.CompletedTask);
        var first = await OfflineWorld.RequestDeploymentAsync(run, "releases/v1.zip", await OfflineWorld.StoreBundleAsync(run, v1, "releases/v1.zip"), ["dev"]);
        var second = await OfflineWorld.RequestDeploymentAsync(run, "releases/v2.zip", await OfflineWorld.StoreBundleAsync(run, v2, "releases/v2.zip"), ["dev"]);

        var results = new[] { await run.RunToEndAsync(first, CancellationToken.None), await run.RunToEndAsync(second, CancellationToken.None) };

        Assert.All(results, r => Assert.True(r.Succeeded, $"{r.Error}: {r.Cause}"));
        // Exactly one of them found the target locked and waited for it.
        var waited = Assert.Single(new[] { first, second }, arn => TargetContent.EnteredStates(run, arn).Contains("Wait for Deploy"));
        var record = (await OfflineWorld.CurrentRecordAsync(run, manifest.Name, "dev"))!;
        Assert.Equal(waited, record.RunId == ExecutionName(first) ? first : record.RunId == ExecutionName(second) ? second : "neither run");
        await TargetContent.AssertHoldsExactlyAsync(run, VersionedDeploymentTests.DevPrefix(manifest), record, bundles[record.BundleVersion]);
        Assert.Equal(2, (await OfflineWorld.HistoryAsync(run, manifest.Name, "dev")).Count);
        Assert.Null(await run.Store.HeadAsync(LocalPipelineRun.StateBucket, $"locks/{manifest.Name}/dev.json", null, CancellationToken.None));
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static string ExecutionName(string executionArn) => executionArn[(executionArn.LastIndexOf(':') + 1)..];
}
