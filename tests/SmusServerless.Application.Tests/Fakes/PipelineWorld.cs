using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Tests.Bundle;

namespace SmusServerless.Application.Tests.Fakes;

/// <summary>One test's world: the ports as fakes, and the use cases built on them as the composition root builds them.</summary>
internal sealed class PipelineWorld
{
    public const string BundlesBucket = "bundles";
    public const string StateBucket = "state";
    public const string ProjectBucket = "project-bucket";

    public PipelineWorld()
    {
        Records = new DeploymentRecords(Store, StateBucket);
        Locks = new TargetLocks(Store, StateBucket, Clock);
        Catalog.Connections["prj_dev-demo"] = [new("default.s3_shared", "S3", $"s3://{ProjectBucket}/dzd_corp/prj_dev-demo/shared/")];
    }

    public InMemoryObjectStore Store { get; } = new();
    public FakeProjectCatalog Catalog { get; } = new();
    public FakeCatalogSubscriptions Subscriptions { get; } = new();
    public RecordedEvents Events { get; } = new();
    public FakeExecutionStarter Executions { get; } = new();
    public FakeApprovalGate Gate { get; } = new();
    public TimeProvider Clock { get; } = TimeProvider.System;
    public DeploymentRecords Records { get; }
    public TargetLocks Locks { get; }
    public RunBundles Bundles => _bundles ??= new RunBundles(Store, new DictionaryVariableSource(new Dictionary<string, string>()));
    public TestReportLocation Reports { get; } = new(StateBucket, "test-reports/");
    public DomainCreationPolicy DomainCreation { get; set; } = new(false, null);
    public ProjectPrivilegeAllowList Privileges { get; set; } = ProjectPrivilegeAllowList.None;

    private RunBundles? _bundles;

    private ChangeSetPlanner ChangeSets => new(Catalog, Store, Records);

    public ResolveStep Resolve() => new(Bundles, Catalog, Events, new PlanningOptions(new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "PROD" }, 3600) { Privileges = Privileges }, Clock);
    public ProvisionStep Provision() => new(Bundles, Catalog, DomainCreation);
    public SubscribeStep Subscribe() => new(Bundles, Subscriptions);
    public DeployStep Deploy() => new(Bundles, ChangeSets, Store, Records, Locks, Clock);
    public VerifyStep Verify() => new(Bundles, Store, Records, Catalog, Subscriptions, Reports);
    public RecordTestsStep RecordTests() => new(Store, Records, Events, Reports);
    public CompleteTargetStep CompleteTarget() => new(Events);
    public CompleteRunStep CompleteRun() => new(Events);
    public ReportFailureStep ReportFailure() => new(Locks, Events);
    public StartStep Start(string? stateMachineArn = "arn:aws:states:us-east-1:111122223333:stateMachine:sm") =>
        new(Executions, new StartOptions(stateMachineArn, BundlesBucket, "bundles/"));
    public RequestApprovalStep RequestApproval() => new(Bundles, Catalog, ChangeSets, Records, Gate);

    /// <summary>Builds a bundle of <paramref name="files"/> (path → content) with the manifest and stores it; returns its reference.</summary>
    public async Task<BundleReference> PublishBundleAsync(string version, string manifest, IReadOnlyDictionary<string, string> files)
    {
        var tree = new InMemorySourceTree().File("pipeline.yaml", manifest);
        foreach (var (path, content) in files) tree.File(path, content);
        var selected = await new BundleContentSelector().SelectAsync(tree, Samples.Rules, CancellationToken.None);
        using var zip = new MemoryStream();
        await new BundleWriter().WriteAsync(zip, new BundleMetadata("demo", version, DateTimeOffset.UnixEpoch, new BundleSource("abc123", "dev@example.com")), selected, tree, CancellationToken.None);
        zip.Position = 0;
        var info = await Store.PutAsync(BundlesBucket, $"bundles/demo-{version}.zip", zip, Core.Storage.PutOptions.Default, CancellationToken.None);
        return new BundleReference(BundlesBucket, info.Key, info.VersionId);
    }

    /// <summary>
    /// Stores a hand-built bundle: <paramref name="entries"/> are bundle paths (e.g. <c>storage/notebooks/a.ipynb</c>)
    /// → content, written as they are beside the manifest, whatever selected them.
    /// </summary>
    public async Task<BundleReference> PublishEntriesAsync(string version, string manifest, IReadOnlyDictionary<string, string> entries)
    {
        var tree = new InMemorySourceTree().File("pipeline.yaml", manifest);
        var files = new List<BundleContentFile> { new(BundleEntryName.Manifest, "pipeline.yaml", System.Text.Encoding.UTF8.GetByteCount(manifest)) };
        foreach (var (path, content) in entries)
        {
            tree.File(path, content);
            files.Add(new BundleContentFile(path, path, System.Text.Encoding.UTF8.GetByteCount(content)));
        }
        using var zip = new MemoryStream();
        await new BundleWriter().WriteAsync(zip, new BundleMetadata("demo", version, Created, new BundleSource("abc123", "dev@example.com")),
            [.. files.OrderBy(f => f.EntryPath, StringComparer.Ordinal)], tree, CancellationToken.None);
        zip.Position = 0;
        var info = await Store.PutAsync(BundlesBucket, $"bundles/demo-{version}.zip", zip, Core.Storage.PutOptions.Default, CancellationToken.None);
        return new BundleReference(BundlesBucket, info.Key, info.VersionId);
    }

    /// <summary>The created time of <see cref="PublishEntriesAsync"/>'s bundles.</summary>
    public static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
}

internal static class Samples
{
    public static IReadOnlyList<BundleContentRule> Rules => SampleManifests.Rules;

    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["src/a.sql"] = "select 1",
        ["src/b.sql"] = "select 2",
        ["workflows/dag.py"] = "dag = 1",
    };

    public static string Manifest(bool createProd = false) => SampleManifests.Demo(createProd);

    /// <summary>The manifest with one catalog asset to subscribe to.</summary>
    public static string WithAsset(string manifest) =>
        manifest.Replace("bundle:\n", "bundle:\n  catalog:\n    assets:\n      - selector: {assetId: asset_1}\n        permission: READ\n", StringComparison.Ordinal);

    public static RunContext Run(BundleReference bundle, string runId = "run-1") =>
        new(runId, "demo", bundle, "demo", "1.0.0", "abc123", "dev@example.com", null, 3600, DateTimeOffset.UnixEpoch);

    public static PlannedTarget Target(string name = "dev", string stage = "DEV", string project = "dev-demo", bool create = false, string? domainId = "dzd_corp") =>
        new(name, stage, stage == "PROD", new TargetDomain("corp", "us-east-1", domainId), project, null, create, 0);

    public static ProjectReference Project(string name = "dev-demo") => new("dzd_corp", "prj_" + name, name, "us-east-1");
}
