using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SmusServerless.Application.Ports;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;
using SmusServerless.Core.Workflows;

namespace SmusServerless.Application.Pipeline;

/// <summary>
/// A bundle file as deployed: its destination, and its bytes when the deploy rewrites them; or, with
/// <see cref="Archive"/>, the one <c>.tar.gz</c> object a compressed storage item deploys as.
/// </summary>
public sealed record DeployContent(PlannedFile File, byte[]? Substituted)
{
    /// <summary>Set when <see cref="File"/> is the archive of a bundle prefix (its <see cref="PlannedFile.BundlePath"/> is the prefix).</summary>
    public ArchiveContent? Archive { get; init; }
}

/// <summary>
/// The bundle files under <see cref="Prefix"/> as one deterministic <c>.tar.gz</c> (<see cref="TarGzWriter"/>): names
/// relative to the prefix, every modification time the bundle's created time. Written the same way when planned (to
/// hash it) and when deployed (to upload it), so the planned sha256 is what lands.
/// </summary>
public sealed record ArchiveContent(string Prefix, IReadOnlyList<BundleFileRecord> Files, DateTimeOffset Modified)
{
    public Task WriteAsync(Stream output, BundleReader reader, CancellationToken cancellationToken) =>
        TarGzWriter.WriteAsync(output, [.. Files.Select(f => new TarFile(f.Path[Prefix.Length..], f.Size))],
            (name, ct) => reader.OpenEntryAsync(Prefix + name, ct), Modified, cancellationToken);
}

/// <summary>
/// One target's change set: what the bundle deploys where, the record of the last deployment, and what a deploy now
/// writes, keeps and prunes (<see cref="DeploymentDiff"/>).
/// </summary>
public sealed record ChangeSet(IReadOnlyList<DeployContent> Contents, DeploymentRecord? Previous, DeploymentChanges Changes)
{
    /// <summary>The change set as an approver sees it: bundle paths added, changed and removed (pruned), each sorted.</summary>
    public FileChangeSummary ToFileChanges() => new(
        Paths(Changes.Added.Select(f => f.BundlePath)),
        Paths(Changes.Changed.Select(f => f.BundlePath)),
        Paths(Changes.Pruned.Select(f => f.BundlePath)));

    private static string[] Paths(IEnumerable<string> paths) => [.. paths.Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>
/// Computes a target's change set, the one computation both Deploy (which writes it) and the approval request
/// (which shows it) use, so an approver is shown what will be deployed.
/// </summary>
public sealed partial class ChangeSetPlanner(IProjectCatalog catalog, IObjectStore objects, IDeploymentRecords records)
{
    /// <summary>Where the files of a project that does not exist yet go: nowhere stored, so every one is added.</summary>
    private static readonly S3Uri NewProjectRoot = new("(new project)", "");

    /// <param name="project">The target's project; null while it does not exist yet (an approval before the first provisioning).</param>
    public async Task<ChangeSet> PlanAsync(RunBundle bundle, TargetDefinition target, string pipeline, ProjectReference? project, CancellationToken cancellationToken)
    {
        var mappings = DeploymentLayout.Mappings(bundle.Manifest, target);
        var destinations = project is null
            ? UnprovisionedDestinations(mappings)
            : await ResolveDestinationsAsync(project, target, mappings, cancellationToken).ConfigureAwait(false);
        var contents = await PlanFilesAsync(bundle, target, project, destinations, cancellationToken).ConfigureAwait(false);
        contents = [.. contents, .. await PlanArchivesAsync(bundle, destinations, cancellationToken).ConfigureAwait(false)];
        CheckDistinctKeys(contents, target);

        var previous = await records.ReadCurrentAsync(pipeline, target.Name, cancellationToken).ConfigureAwait(false);
        var locations = (project is null ? [] : contents.Select(c => (c.File.Bucket, c.File.Key)))
            .Concat(previous?.Files.Select(f => (f.Bucket, f.Key)) ?? [])
            .Distinct()
            .ToList();
        var stored = await HeadAllAsync(locations, cancellationToken).ConfigureAwait(false);
        return new ChangeSet(contents, previous, DeploymentDiff.Compute([.. contents.Select(c => c.File)], previous, stored));
    }

    /// <summary>
    /// Fills <c>${VAR}</c> and <c>$VAR</c> in an Airflow Serverless DAG from the target's environment_variables; names
    /// the target does not define stay as written (they may be Airflow's own templating).
    /// </summary>
    public static string SubstituteVariables(string text, IReadOnlyDictionary<string, string> variables) =>
        DagVariable().Replace(text, match =>
        {
            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["bare"].Value;
            return variables.TryGetValue(name, out var value) ? value : match.Value;
        });

    private static IReadOnlyList<ResolvedDestination> UnprovisionedDestinations(IReadOnlyList<DeploymentMapping> mappings) =>
        [.. mappings.Select(m => new ResolvedDestination(m.BundlePrefix, NewProjectRoot, m.Directory) { ArchiveName = m.ArchiveName })];

    private async Task<IReadOnlyList<ResolvedDestination>> ResolveDestinationsAsync(ProjectReference project, TargetDefinition target,
        IReadOnlyList<DeploymentMapping> mappings, CancellationToken cancellationToken)
    {
        if (mappings.Count == 0) return [];
        var connections = await catalog.ListConnectionsAsync(project.Region, project.DomainId, project.ProjectId, cancellationToken).ConfigureAwait(false);
        return [.. mappings.Select(m =>
        {
            var connection = connections.FirstOrDefault(c => c.Name == m.ConnectionName)
                ?? throw new PipelineFailure(PipelineErrors.ConnectionNotFound,
                    $"Project '{project.Name}' of target '{target.Name}' has no connection named '{m.ConnectionName}' " +
                    $"({m.ManifestPath}.connectionName). It has: {string.Join(", ", connections.Select(c => c.Name))}.");
            var uri = connection.S3Uri
                ?? throw new PipelineFailure(PipelineErrors.ConnectionNotFound,
                    $"Connection '{connection.Name}' of project '{project.Name}' ({m.ManifestPath}.connectionName) is a {connection.Type} connection, not an S3 one; files can only be deployed to S3.");
            return new ResolvedDestination(m.BundlePrefix, S3Uri.Parse(uri), m.Directory) { ArchiveName = m.ArchiveName };
        })];
    }

    /// <summary>Each compressed item's files as one archive object, hashed by writing the archive once now.</summary>
    private static async Task<IReadOnlyList<DeployContent>> PlanArchivesAsync(RunBundle bundle, IReadOnlyList<ResolvedDestination> destinations, CancellationToken cancellationToken)
    {
        var planned = new List<DeployContent>();
        foreach (var destination in destinations.Where(d => d.ArchiveName is not null))
        {
            var archive = new ArchiveContent(destination.BundlePrefix,
                [.. bundle.Descriptor.Files.Where(f => DeploymentLayout.Holds(destination.BundlePrefix, f.Path))], bundle.Descriptor.Created);
            using var hashing = new HashingStream();
            await archive.WriteAsync(hashing, bundle.Reader, cancellationToken).ConfigureAwait(false);
            var location = destination.ArchiveLocation;
            planned.Add(new DeployContent(new PlannedFile(destination.BundlePrefix, location.Bucket, location.Key, hashing.Sha256(), hashing.Length), null) { Archive = archive });
        }
        return planned;
    }

    /// <summary>Two bundle files planned onto one object would overwrite each other: refused naming both, before anything is written.</summary>
    private static void CheckDistinctKeys(IReadOnlyList<DeployContent> contents, TargetDefinition target)
    {
        var seen = new Dictionary<(string, string), string>();
        foreach (var content in contents)
        {
            var file = content.File;
            if (seen.TryGetValue((file.Bucket, file.Key), out var other) && other != file.BundlePath)
                throw new PipelineFailure(PipelineErrors.DeployFailed,
                    $"Target '{target.Name}' would deploy both '{other}' and '{file.BundlePath}' of the bundle to s3://{file.Bucket}/{file.Key}: " +
                    "give the storage items of this stage different targetDirectory values.");
            seen[(file.Bucket, file.Key)] = file.BundlePath;
        }
    }

    private async Task<IReadOnlyList<DeployContent>> PlanFilesAsync(RunBundle bundle, TargetDefinition target, ProjectReference? project,
        IReadOnlyList<ResolvedDestination> destinations, CancellationToken cancellationToken)
    {
        var deployed = bundle.Descriptor.Files
            .Select(f => (File: f, Destinations: DeploymentLayout.Destinations(f.Path, destinations).DistinctBy(d => (d.Bucket, d.Key)).ToList()))
            .Where(f => f.Destinations.Count > 0)
            .ToList();
        var rewrite = await RewritesAsync(bundle, target, project, deployed.Select(f => f.File.Path).ToList(), cancellationToken).ConfigureAwait(false);

        var planned = new List<DeployContent>();
        foreach (var (file, targets) in deployed)
        {
            var rewritten = rewrite.TryGetValue(file.Path, out var write)
                ? write(await bundle.Reader.ReadAllBytesAsync(file.Path, cancellationToken).ConfigureAwait(false))
                : null;
            var sha256 = rewritten is null ? file.Sha256 : Convert.ToHexStringLower(SHA256.HashData(rewritten));
            // A file goes to every destination whose prefix holds it (an item named twice in a stage goes to both).
            foreach (var destination in targets)
                planned.Add(new DeployContent(new PlannedFile(file.Path, destination.Bucket, destination.Key, sha256,
                    rewritten?.Length ?? file.Size, file.Sha256), rewritten));
        }
        return planned;
    }

    /// <summary>
    /// The deployed files the deploy rewrites, and how. Application format: the workflow files <c>content.workflows</c>
    /// names get their placeholders filled (<see cref="WorkflowFileResolver"/>); no other file is touched. Before the
    /// project exists (an approval before the first provisioning) there is nothing to fill them from, and the bundle's
    /// bytes are shown. Pipeline format: its serverless DAGs get the target's <c>${VAR}</c> values, as before.
    /// </summary>
    private async Task<Dictionary<string, Func<byte[], byte[]>>> RewritesAsync(RunBundle bundle, TargetDefinition target, ProjectReference? project,
        IReadOnlyList<string> deployedPaths, CancellationToken cancellationToken)
    {
        var rewrites = new Dictionary<string, Func<byte[], byte[]>>(StringComparer.Ordinal);
        if (bundle.Manifest.Format == ManifestFormat.Application)
        {
            var names = bundle.Manifest.Content?.Workflows.Select(w => w.WorkflowName).ToHashSet(StringComparer.Ordinal) ?? [];
            if (names.Count == 0 || project is null) return rewrites;
            var yaml = new List<(string Path, string Text)>();
            foreach (var path in deployedPaths.Where(WorkflowPlaceholders.IsYamlPath))
                yaml.Add((path, Encoding.UTF8.GetString(await bundle.Reader.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false))));
            var files = WorkflowPlaceholders.Locate(names, yaml);
            if (files.Count == 0) return rewrites;
            var values = await new WorkflowFileResolver(catalog).ValuesAsync(project, target, cancellationToken).ConfigureAwait(false);
            foreach (var path in files) rewrites[path] = bytes => WorkflowFileResolver.ResolveFile(path, bytes, values);
            return rewrites;
        }

        if (target.EnvironmentVariables.Count == 0) return rewrites;
        foreach (var workflow in bundle.Manifest.Workflows.Where(w => w.Engine == WorkflowEngine.AirflowServerless))
            foreach (var path in new[] { $"workflows/dags/{workflow.WorkflowName}.yaml", $"workflows/dags/{workflow.WorkflowName}.yml" })
                rewrites[path] = bytes => Encoding.UTF8.GetBytes(SubstituteVariables(Encoding.UTF8.GetString(bytes), target.EnvironmentVariables));
        return rewrites;
    }

    private async Task<IReadOnlyDictionary<(string Bucket, string Key), StoredObject>> HeadAllAsync(IReadOnlyList<(string Bucket, string Key)> locations, CancellationToken cancellationToken)
    {
        var found = new System.Collections.Concurrent.ConcurrentDictionary<(string, string), StoredObject>();
        await Parallel.ForEachAsync(locations, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (location, ct) =>
        {
            var info = await objects.HeadAsync(location.Bucket, location.Key, null, ct).ConfigureAwait(false);
            if (info is not null && !info.IsDeleteMarker) found[location] = new StoredObject(info.ETag);
        }).ConfigureAwait(false);
        return found;
    }

    [GeneratedRegex(@"\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)\}|\$(?<bare>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex DagVariable();
}
