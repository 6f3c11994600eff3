using SmusServerless.Application.Ports;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.Application.Pipeline.Steps;

/// <summary>
/// Streams the bundle's files to the target project's S3 connections, writing only what changed and deleting only
/// what this pipeline wrote before and the bundle no longer has (the target's <see cref="ChangeSet"/>); then records
/// what the target now holds. One run at a time per target (<see cref="ITargetLocks"/>): a second run waits (WAIT)
/// until the lock is free.
/// </summary>
public sealed class DeployStep(RunBundles bundles, ChangeSetPlanner changeSets, IObjectStore objects, IDeploymentRecords records, ITargetLocks locks, TimeProvider clock)
{
    private const int Parallelism = 4;

    public async Task<DeployResult> RunAsync(DeployInput input, CancellationToken cancellationToken)
    {
        var holder = await locks.AcquireAsync(input.Target.Name, input.Run, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Fills <c>${VAR}</c> and <c>$VAR</c> in an Airflow Serverless DAG (<see cref="ChangeSetPlanner.SubstituteVariables"/>).</summary>
    public static string SubstituteVariables(string text, IReadOnlyDictionary<string, string> variables) =>
        ChangeSetPlanner.SubstituteVariables(text, variables);

    /// <summary>
    /// Streams a compressed item's archive to its key as it is written (through a pipe, so memory stays bounded), and
    /// refuses the result when its bytes are not the ones planned (and shown to the approver).
    /// </summary>
    private async Task<ObjectInfo> PutArchiveAsync(PlannedFile file, ArchiveContent archive, RunBundle bundle, PutOptions options, CancellationToken cancellationToken)
    {
        var pipe = new System.IO.Pipelines.Pipe();
        using var hashing = new HashingStream(pipe.Writer.AsStream(leaveOpen: true));
        var writing = Task.Run(async () =>
        {
            try
            {
                await archive.WriteAsync(hashing, bundle.Reader, cancellationToken).ConfigureAwait(false);
                await hashing.FlushAsync(cancellationToken).ConfigureAwait(false);
                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e).ConfigureAwait(false);
                throw;
            }
        }, cancellationToken);
        ObjectInfo info;
        try
        {
            await using var stream = pipe.Reader.AsStream();
            info = await objects.PutAsync(file.Bucket, file.Key, stream, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The reader is completed by now, so the writer cannot block on it.
            await writing.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }
        await writing.ConfigureAwait(false);
        if (hashing.Sha256() != file.Sha256)
            throw new PipelineFailure(PipelineErrors.DeployFailed,
                $"The archive of '{archive.Prefix}' written to s3://{file.Bucket}/{file.Key} is not the one planned (sha256 {file.Sha256}); the next deploy rewrites it.");
        return info;
    }

    /// <summary>Errors of an object store request that may pass on a retry (S3 5xx, throttling, network): not a missing bucket, a bad key or a lost condition.</summary>
    private static bool IsTransient(ObjectStoreException e) =>
        e is not (ObjectNotFoundException or BucketNotFoundException or InvalidObjectKeyException or PreconditionFailedException);

    private async Task<DeployResult> DeployLockedAsync(DeployInput input, CancellationToken cancellationToken)
    {
        var bundle = await bundles.OpenAsync(input.Run.Bundle, cancellationToken).ConfigureAwait(false);
        var target = bundle.Target(input.Target.Name);
        var (contents, _, changes) = await changeSets.PlanAsync(bundle, target, input.Run.PipelineName, input.Project, cancellationToken).ConfigureAwait(false);
        var recordKey = StateKeys.CurrentDeployment(input.Run.PipelineName, input.Target.Name);

        var byKey = contents.ToDictionary(c => (c.File.Bucket, c.File.Key));
        var written = new System.Collections.Concurrent.ConcurrentBag<DeployedFile>();
        long bytes = 0;
        await Parallel.ForEachAsync(changes.ToWrite, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (file, ct) =>
        {
            var content = byKey[(file.Bucket, file.Key)];
            var options = new PutOptions(Metadata: new Dictionary<string, string>
            {
                ["sha256"] = file.Sha256,
                ["smus-pipeline"] = input.Run.PipelineName,
                ["smus-bundle-version"] = input.Run.BundleVersion,
            });
            ObjectInfo info;
            if (content.Archive is { } archive)
            {
                info = await PutArchiveAsync(file, archive, bundle, options, ct).ConfigureAwait(false);
            }
            else
            {
                await using var stream = content.Substituted is { } text
                    ? new MemoryStream(text)
                    : await bundle.Reader.OpenEntryAsync(file.BundlePath, ct).ConfigureAwait(false);
                info = await objects.PutAsync(file.Bucket, file.Key, stream, options, ct).ConfigureAwait(false);
            }
            Interlocked.Add(ref bytes, file.Size);
            written.Add(new DeployedFile(file.BundlePath, file.Bucket, file.Key, file.Sha256, file.Size, info.ETag, file.BundleSha256 ?? file.Sha256));
        }).ConfigureAwait(false);

        foreach (var file in changes.Pruned)
            await objects.DeleteAsync(file.Bucket, file.Key, cancellationToken).ConfigureAwait(false);

        var files = changes.Unchanged.Select(u => u.Previous with { BundlePath = u.File.BundlePath, BundleSha256 = u.File.BundleSha256 ?? u.File.Sha256 })
            .Concat(written)
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .ToList();
        var record = new DeploymentRecord(input.Run.PipelineName, input.Target.Name, input.Run.BundleName, input.Run.BundleVersion,
            input.Run.Bundle, input.Run.RunId, clock.GetUtcNow(), files);
        await records.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        await locks.ReleaseAsync(input.Run.PipelineName, input.Target.Name, input.Run.RunId, cancellationToken).ConfigureAwait(false);

        return new DeployResult(StepProgress.ReadyStatus, input.Attempt, 0, new DeploymentSummary(recordKey,
            changes.Added.Count, changes.Changed.Count, changes.Unchanged.Count, changes.Pruned.Count, changes.KeptModified.Count, bytes));
    }
}
