using SmusServerless.Core.Bundle;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Storage;

namespace SmusServerless.Core.Pipeline;

/// <summary>
/// One part of a bundle and where a target puts it: every file under <see cref="BundlePrefix"/> goes to the
/// connection's S3 location + <see cref="Directory"/>, keeping its path below the prefix; or, with
/// <see cref="Compression"/>, all of them as one <see cref="ArchiveName"/> there. <see cref="ManifestPath"/> says which
/// manifest key asked for it (for messages).
/// </summary>
public sealed record DeploymentMapping(string BundlePrefix, string ConnectionName, string Directory, string ManifestPath)
{
    /// <summary><c>gz</c> or <c>tar.gz</c> (smus-cli's two spellings of one thing), or null to deploy the files as they are.</summary>
    public string? Compression { get; init; }

    /// <summary>The object name of the archive when compressed: <c>&lt;item name&gt;.tar.gz</c>, as smus-cli names it.</summary>
    public string? ArchiveName { get; init; }
}

/// <summary>A <see cref="DeploymentMapping"/> with its connection looked up: the prefix's files go to <see cref="ConnectionRoot"/>/<see cref="Directory"/>.</summary>
public sealed record ResolvedDestination(string BundlePrefix, S3Uri ConnectionRoot, string Directory)
{
    /// <summary>The archive's object name when the prefix is deployed as one <c>.tar.gz</c>; null for file by file.</summary>
    public string? ArchiveName { get; init; }

    /// <summary>Where the archive goes (only when <see cref="ArchiveName"/> is set).</summary>
    public S3Uri ArchiveLocation => DeploymentLayout.Join(ConnectionRoot, Directory, ArchiveName ?? "");
}

/// <summary>
/// The one mapping from bundle paths to object keys, for both manifest formats: a target's
/// <see cref="DeploymentMapping"/>s (<see cref="Mappings"/>), each "bundle prefix → connection root + directory".
/// <list type="bullet">
/// <item>Pipeline format: <c>storage/</c> → <c>bundle_target_configuration.storage</c>, <c>workflows/</c> → <c>.workflows</c>.</item>
/// <item>Application format: <c>storage/&lt;name&gt;/</c> → each <c>deployment_configuration.storage[]</c> entry naming
/// it (or <c>default.s3_shared</c> + <c>bundle/&lt;name&gt;</c> for every item when the stage has no
/// <c>deployment_configuration</c>); <c>repositories/&lt;name&gt;/</c> → each <c>deployment_configuration.git[]</c>
/// entry; <c>workflows/</c> → <c>deployment_configuration.workflows</c>. An item named twice goes to both places;
/// an item the stage does not name is not deployed there.</item>
/// </list>
/// Files under no mapped prefix (<c>pipeline.yaml</c>, <c>bundle.json</c>, the app tests) are not deployed.
/// </summary>
public static class DeploymentLayout
{
    public const string StorageArea = BundleLayout.StorageArea;
    public const string WorkflowsArea = BundleLayout.WorkflowsArea;

    /// <summary>What the target deploys from a bundle of <paramref name="manifest"/>, in manifest order.</summary>
    public static IReadOnlyList<DeploymentMapping> Mappings(PipelineManifest manifest, TargetDefinition target)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(target);
        var configuration = target.BundleTargetConfiguration;
        var mappings = new List<DeploymentMapping>();
        if (manifest.Format != ManifestFormat.Application)
        {
            var path = $"targets.{target.Name}.bundle_target_configuration";
            if (configuration?.Storage is { } storage)
                mappings.Add(new(BundleLayout.StoragePrefix, storage.ConnectionName, storage.Directory, path + ".storage"));
            if (configuration?.Workflows is { } workflows)
                mappings.Add(new(BundleLayout.WorkflowsPrefix, workflows.ConnectionName, workflows.Directory, path + ".workflows"));
            return mappings;
        }

        var stage = $"stages.{target.Name}";
        var written = target.DeploymentConfiguration is not null;
        for (var i = 0; i < target.StorageDeployments.Count; i++)
        {
            var item = target.StorageDeployments[i];
            var where = written
                ? $"{stage}.deployment_configuration.storage[{i}]"
                : $"{stage} (no deployment_configuration: content.storage '{item.Name}')";
            mappings.Add(new DeploymentMapping(BundleLayout.StorageItemPrefix(item.Name), item.ConnectionName, item.TargetDirectory ?? "", where)
            {
                Compression = item.Compression,
                ArchiveName = item.Compression is null ? null : $"{item.Name}.tar.gz",
            });
        }
        var git = target.DeploymentConfiguration?.Git ?? [];
        for (var i = 0; i < git.Count; i++)
            mappings.Add(new(BundleLayout.RepositoryPrefix(git[i].Name), git[i].ConnectionName, git[i].TargetDirectory, $"{stage}.deployment_configuration.git[{i}]"));
        if (configuration?.Workflows is { } flows)
            mappings.Add(new(BundleLayout.WorkflowsPrefix, flows.ConnectionName, flows.Directory, $"{stage}.deployment_configuration.workflows"));
        return mappings;
    }

    /// <summary>
    /// Where a bundle file goes, file by file: one location per destination whose prefix holds it (none for
    /// <c>pipeline.yaml</c>, <c>bundle.json</c>, the app tests, or a prefix deployed as an archive).
    /// </summary>
    public static IEnumerable<S3Uri> Destinations(string bundlePath, IReadOnlyList<ResolvedDestination> destinations)
    {
        foreach (var destination in destinations)
        {
            if (destination.ArchiveName is not null || !Holds(destination.BundlePrefix, bundlePath)) continue;
            yield return Join(destination.ConnectionRoot, destination.Directory, bundlePath[destination.BundlePrefix.Length..]);
        }
    }

    /// <summary>The first of <see cref="Destinations"/>, or null when the file is not deployed.</summary>
    public static S3Uri? Destination(string bundlePath, IReadOnlyList<ResolvedDestination> destinations) =>
        Destinations(bundlePath, destinations).FirstOrDefault();

    /// <summary>Whether <paramref name="bundlePath"/> is a file under <paramref name="prefix"/> (which ends with '/').</summary>
    public static bool Holds(string prefix, string bundlePath) =>
        bundlePath.Length > prefix.Length && bundlePath.StartsWith(prefix, StringComparison.Ordinal);

    internal static S3Uri Join(S3Uri root, string directory, string rest)
    {
        var key = string.Join('/', new[] { root.Key.Trim('/'), directory.Trim('/'), rest }.Where(part => part.Length > 0));
        return new S3Uri(root.Bucket, key);
    }
}
