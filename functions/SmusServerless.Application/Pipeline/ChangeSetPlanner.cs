using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SmusServerless.Application.Ports;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;
using SmusServerless.Core.Workflows;

namespace SmusServerless.Application.Pipeline;

/// <summary>A bundle file as deployed: its destination, and its bytes when the deploy rewrites them.</summary>
public sealed record DeployContent(PlannedFile File, byte[]? Substituted);

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
        var destinations = project is null
            ? UnprovisionedDestinations(target)
            : await ResolveDestinationsAsync(project, target, cancellationToken).ConfigureAwait(false);
        var contents = await PlanFilesAsync(bundle, target, project, destinations, cancellationToken).ConfigureAwait(false);

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

    private static IEnumerable<(string Area, DeploymentDestination Destination)> Areas(TargetDefinition target)
    {
        var configuration = target.BundleTargetConfiguration!;
        if (configuration.Storage is { } storage) yield return (DeploymentLayout.StorageArea, storage);
        if (configuration.Workflows is { } workflows) yield return (DeploymentLayout.WorkflowsArea, workflows);
    }

    private static IReadOnlyList<ResolvedDestination> UnprovisionedDestinations(TargetDefinition target) =>
        [.. Areas(target).Select(a => new ResolvedDestination(a.Area, NewProjectRoot, a.Destination.Directory))];

    private async Task<IReadOnlyList<ResolvedDestination>> ResolveDestinationsAsync(ProjectReference project, TargetDefinition target, CancellationToken cancellationToken)
    {
        var wanted = Areas(target).ToList();
        var connections = await catalog.ListConnectionsAsync(project.Region, project.DomainId, project.ProjectId, cancellationToken).ConfigureAwait(false);
        return [.. wanted.Select(w =>
        {
            var connection = connections.FirstOrDefault(c => c.Name == w.Destination.ConnectionName)
                ?? throw new PipelineFailure(PipelineErrors.ConnectionNotFound,
                    $"Project '{project.Name}' has no connection named '{w.Destination.ConnectionName}' " +
                    $"(targets.{target.Name}.bundle_target_configuration.{w.Area}.connectionName). It has: " +
                    $"{string.Join(", ", connections.Select(c => c.Name))}.");
            var uri = connection.S3Uri
                ?? throw new PipelineFailure(PipelineErrors.ConnectionNotFound,
                    $"Connection '{connection.Name}' of project '{project.Name}' is a {connection.Type} connection, not an S3 one; files can only be deployed to S3.");
            return new ResolvedDestination(w.Area, S3Uri.Parse(uri), w.Destination.Directory);
        })];
    }

    private async Task<IReadOnlyList<DeployContent>> PlanFilesAsync(RunBundle bundle, TargetDefinition target, ProjectReference? project,
        IReadOnlyList<ResolvedDestination> destinations, CancellationToken cancellationToken)
    {
        var deployed = bundle.Descriptor.Files
            .Select(f => (File: f, Destination: DeploymentLayout.Destination(f.Path, destinations)))
            .Where(f => f.Destination is not null)
            .ToList();
        var rewrite = await RewritesAsync(bundle, target, project, deployed.Select(f => f.File.Path).ToList(), cancellationToken).ConfigureAwait(false);

        var planned = new List<DeployContent>();
        foreach (var (file, destination) in deployed)
        {
            if (rewrite.TryGetValue(file.Path, out var write))
            {
                var bytes = write(await bundle.Reader.ReadAllBytesAsync(file.Path, cancellationToken).ConfigureAwait(false));
                planned.Add(new DeployContent(new PlannedFile(file.Path, destination!.Bucket, destination.Key,
                    Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, file.Sha256), bytes));
                continue;
            }
            planned.Add(new DeployContent(new PlannedFile(file.Path, destination!.Bucket, destination.Key, file.Sha256, file.Size, file.Sha256), null));
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
