using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SmusServerless.Aws.DataZone;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.Functions.Pipeline.Steps;

/// <summary>
/// Streams the bundle's files to the target project's S3 connections, writing only what changed and deleting only
/// what this pipeline wrote before and the bundle no longer has; then records what the target now holds. One run at a
/// time per target (<see cref="TargetLocks"/>): a second run waits (WAIT) until the lock is free.
/// </summary>
public sealed partial class DeployStep(PipelineServices services)
{
    private const int Parallelism = 4;

    public async Task<DeployResult> RunAsync(DeployInput input, CancellationToken cancellationToken)
    {
        var holder = await new TargetLocks(services).AcquireAsync(input.Target.Name, input.Run, cancellationToken).ConfigureAwait(false);
        if (holder is not null)
        {
            var progress = WaitPolicy.TargetLock.Wait(input.Attempt, PipelineErrors.DeployLockTimeout,
                $"Target '{input.Target.Name}' (locked by run {holder.RunId}, bundle {holder.BundleVersion})");
            return new DeployResult(progress.Status, progress.Attempt, progress.WaitSeconds, null);
        }

        try
        {
            return await DeployLockedAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectStoreException e) when (IsTransient(e))
        {
            // The target may be half-written and stays locked by this run: the state machine's retry takes the lock
            // again (same run), and its diff writes whatever still differs from the bundle and prunes what is left.
            throw new PipelineFailure(PipelineErrors.Transient,
                $"Deploying to target '{input.Target.Name}' stopped midway: {e.Message} The state machine retries the deploy, which completes it.", e);
        }
    }

    /// <summary>Errors of an object store request that may pass on a retry (S3 5xx, throttling, network): not a missing bucket, a bad key or a lost condition.</summary>
    private static bool IsTransient(ObjectStoreException e) =>
        e is not (ObjectNotFoundException or BucketNotFoundException or InvalidObjectKeyException or PreconditionFailedException);

    private async Task<DeployResult> DeployLockedAsync(DeployInput input, CancellationToken cancellationToken)
    {
        var bundle = await services.OpenBundleAsync(input.Run.Bundle, cancellationToken).ConfigureAwait(false);
        var target = bundle.Target(input.Target.Name);
        var destinations = await ResolveDestinationsAsync(input, target, cancellationToken).ConfigureAwait(false);
        var contents = await PlanFilesAsync(bundle, target, destinations, cancellationToken).ConfigureAwait(false);

        var recordKey = StateKeys.CurrentDeployment(input.Run.PipelineName, input.Target.Name);
        var previous = await services.Records.ReadAsync(recordKey, cancellationToken).ConfigureAwait(false);
        var locations = contents.Select(c => (c.File.Bucket, c.File.Key))
            .Concat(previous?.Files.Select(f => (f.Bucket, f.Key)) ?? [])
            .Distinct()
            .ToList();
        var stored = await HeadAllAsync(locations, cancellationToken).ConfigureAwait(false);
        var changes = DeploymentDiff.Compute([.. contents.Select(c => c.File)], previous, stored);

        var byKey = contents.ToDictionary(c => (c.File.Bucket, c.File.Key));
        var written = new System.Collections.Concurrent.ConcurrentBag<DeployedFile>();
        long bytes = 0;
        await Parallel.ForEachAsync(changes.ToWrite, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (file, ct) =>
        {
            var content = byKey[(file.Bucket, file.Key)];
            await using var stream = content.Substituted is { } text
                ? new MemoryStream(text)
                : await bundle.Reader.OpenEntryAsync(file.BundlePath, ct).ConfigureAwait(false);
            var info = await services.Objects.PutAsync(file.Bucket, file.Key, stream, new PutOptions(Metadata: new Dictionary<string, string>
            {
                ["sha256"] = file.Sha256,
                ["smus-pipeline"] = input.Run.PipelineName,
                ["smus-bundle-version"] = input.Run.BundleVersion,
            }), ct).ConfigureAwait(false);
            Interlocked.Add(ref bytes, file.Size);
            written.Add(new DeployedFile(file.BundlePath, file.Bucket, file.Key, file.Sha256, file.Size, info.ETag));
        }).ConfigureAwait(false);

        foreach (var file in changes.Pruned)
            await services.Objects.DeleteAsync(file.Bucket, file.Key, cancellationToken).ConfigureAwait(false);

        var files = changes.Unchanged.Select(u => u.Previous with { BundlePath = u.File.BundlePath })
            .Concat(written)
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .ToList();
        var record = new DeploymentRecord(input.Run.PipelineName, input.Target.Name, input.Run.BundleName, input.Run.BundleVersion,
            input.Run.Bundle, input.Run.RunId, services.Clock.GetUtcNow(), files);
        await services.Records.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        await new TargetLocks(services).ReleaseAsync(input.Run.PipelineName, input.Target.Name, input.Run.RunId, cancellationToken).ConfigureAwait(false);

        return new DeployResult(StepProgress.ReadyStatus, input.Attempt, 0, new DeploymentSummary(recordKey,
            changes.Added.Count, changes.Changed.Count, changes.Unchanged.Count, changes.Pruned.Count, changes.KeptModified.Count, bytes));
    }

    private async Task<IReadOnlyList<ResolvedDestination>> ResolveDestinationsAsync(DeployInput input, TargetDefinition target, CancellationToken cancellationToken)
    {
        var configuration = target.BundleTargetConfiguration!;
        var wanted = new List<(string Area, Core.Manifest.DeploymentDestination Destination)>();
        if (configuration.Storage is { } storage) wanted.Add((DeploymentLayout.StorageArea, storage));
        if (configuration.Workflows is { } workflows) wanted.Add((DeploymentLayout.WorkflowsArea, workflows));

        var dataZone = services.DataZone(input.Project.Region);
        var connections = new List<ConnectionSummary>();
        await foreach (var connection in dataZone.ListConnectionsPaginatedAsync(new ListConnectionsInput { DomainIdentifier = input.Project.DomainId, ProjectIdentifier = input.Project.ProjectId, MaxResults = 50 }, cancellationToken).ConfigureAwait(false))
        {
            connections.Add(connection);
        }

        return [.. wanted.Select(w =>
        {
            var connection = connections.FirstOrDefault(c => c.Name == w.Destination.ConnectionName)
                ?? throw new PipelineFailure(PipelineErrors.ConnectionNotFound,
                    $"Project '{input.Project.Name}' has no connection named '{w.Destination.ConnectionName}' " +
                    $"(targets.{target.Name}.bundle_target_configuration.{w.Area}.connectionName). It has: " +
                    $"{string.Join(", ", connections.Select(c => c.Name))}.");
            var uri = connection.Props?.S3Properties?.S3Uri
                ?? throw new PipelineFailure(PipelineErrors.ConnectionNotFound,
                    $"Connection '{connection.Name}' of project '{input.Project.Name}' is a {connection.Type} connection, not an S3 one; files can only be deployed to S3.");
            return new ResolvedDestination(w.Area, S3Uri.Parse(uri), w.Destination.Directory);
        })];
    }

    /// <summary>A bundle file as deployed: its destination, and its bytes when the deploy rewrites them.</summary>
    private sealed record DeployContent(PlannedFile File, byte[]? Substituted);

    private static async Task<IReadOnlyList<DeployContent>> PlanFilesAsync(RunBundle bundle, TargetDefinition target, IReadOnlyList<ResolvedDestination> destinations, CancellationToken cancellationToken)
    {
        var serverlessDags = bundle.Manifest.Workflows
            .Where(w => w.Engine == WorkflowEngine.AirflowServerless)
            .SelectMany(w => new[] { $"workflows/dags/{w.WorkflowName}.yaml", $"workflows/dags/{w.WorkflowName}.yml" })
            .ToHashSet(StringComparer.Ordinal);

        var planned = new List<DeployContent>();
        foreach (var file in bundle.Descriptor.Files)
        {
            if (DeploymentLayout.Destination(file.Path, destinations) is not { } destination) continue;
            if (serverlessDags.Contains(file.Path) && target.EnvironmentVariables.Count > 0)
            {
                var text = Encoding.UTF8.GetString(await bundle.Reader.ReadAllBytesAsync(file.Path, cancellationToken).ConfigureAwait(false));
                var bytes = Encoding.UTF8.GetBytes(SubstituteVariables(text, target.EnvironmentVariables));
                planned.Add(new DeployContent(new PlannedFile(file.Path, destination.Bucket, destination.Key, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length), bytes));
                continue;
            }
            planned.Add(new DeployContent(new PlannedFile(file.Path, destination.Bucket, destination.Key, file.Sha256, file.Size), null));
        }
        return planned;
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

    private async Task<IReadOnlyDictionary<(string Bucket, string Key), StoredObject>> HeadAllAsync(IReadOnlyList<(string Bucket, string Key)> locations, CancellationToken cancellationToken)
    {
        var found = new System.Collections.Concurrent.ConcurrentDictionary<(string, string), StoredObject>();
        await Parallel.ForEachAsync(locations, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (location, ct) =>
        {
            var info = await services.Objects.HeadAsync(location.Bucket, location.Key, null, ct).ConfigureAwait(false);
            if (info is not null && !info.IsDeleteMarker) found[location] = new StoredObject(info.ETag);
        }).ConfigureAwait(false);
        return found;
    }

    [GeneratedRegex(@"\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)\}|\$(?<bare>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex DagVariable();
}
