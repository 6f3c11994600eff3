using SmusServerless.Aws.DataZone;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Pipeline;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Functions.Pipeline;
using SmusServerless.Local.Files;
using SmusServerless.Local.S3;
using NSubstitute;

namespace SmusServerless.Functions.Tests.Pipeline;

/// <summary>
/// A pipeline world for one test: a file-backed object store with the bundles, state and project buckets, a DataZone
/// fake, recorded lifecycle events, and a way to publish bundles built from in-memory trees.
/// </summary>
internal sealed class PipelineFixture : IDisposable
{
    public const string BundlesBucket = "bundles";
    public const string StateBucket = "state";
    public const string ProjectBucket = "amazon-sagemaker-project";

    private readonly string _root = Directory.CreateTempSubdirectory("smus-pipeline-").FullName;

    public PipelineFixture()
    {
        Store = new FileObjectStore(Path.Combine(_root, "s3"));
        foreach (var bucket in new[] { BundlesBucket, StateBucket, ProjectBucket })
            Store.CreateBucket(bucket);
        Settings = new PipelineSettings { StateBucket = StateBucket, BundlesBucket = BundlesBucket, StateMachineArn = "arn:aws:states:us-east-1:111122223333:stateMachine:test" };
    }

    public FileObjectStore Store { get; }
    public IDataZoneClient DataZone { get; } = Substitute.For<IDataZoneClient>();
    public RecordedEvents Events { get; } = new();
    public PipelineSettings Settings { get; set; }

    /// <summary>The use cases on this world's adapters.</summary>
    public PipelineComposition Services() => new(new PipelineAdapters(Settings, Store, _ => DataZone, Events, null, TimeProvider.System));

    /// <summary>Builds a bundle from files (path → content) with the given manifest and uploads it; returns its reference.</summary>
    public async Task<BundleReference> PublishBundleAsync(string version, string manifest, IReadOnlyDictionary<string, string> files, IReadOnlyList<BundleContentRule> rules)
    {
        var tree = Path.Combine(_root, "tree-" + version);
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "pipeline.yaml"), manifest);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(tree, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        var source = new DirectorySourceTree(tree);
        var selected = await new BundleContentSelector().SelectAsync(source, rules, CancellationToken.None);
        using var zip = new MemoryStream();
        await new BundleWriter().WriteAsync(zip, new BundleMetadata("demo", version, DateTimeOffset.UnixEpoch, new BundleSource("abc123", "dev@example.com")), selected, source, CancellationToken.None);
        zip.Position = 0;
        var key = $"bundles/demo-{version}.zip";
        var info = await Store.PutAsync(BundlesBucket, key, zip, Core.Storage.PutOptions.Default, CancellationToken.None);
        return new BundleReference(BundlesBucket, key, info.VersionId);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}

internal sealed class RecordedEvents : ILifecycleEvents
{
    public List<LifecycleEvent> Published { get; } = [];

    public Task PublishAsync(IReadOnlyList<LifecycleEvent> events, CancellationToken cancellationToken)
    {
        lock (Published) Published.AddRange(events);
        return Task.CompletedTask;
    }
}
