using System.Text.Json;
using SmusServerless.Application.Ports;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.Application.Pipeline;

/// <summary>
/// One deploying run per target: a lock object in the state bucket (<see cref="StateKeys.TargetLock"/>) taken with a
/// create-only write.
/// </summary>
public sealed class TargetLocks(IObjectStore objects, string stateBucket, TimeProvider clock) : ITargetLocks
{
    /// <summary>A lock older than this belongs to a run that died; it may be taken over.</summary>
    public static readonly TimeSpan StaleLockAge = TimeSpan.FromHours(2);

    public async Task<TargetLock?> AcquireAsync(string target, RunContext run, CancellationToken cancellationToken)
    {
        var key = StateKeys.TargetLock(run.PipelineName, target);
        var body = JsonSerializer.SerializeToUtf8Bytes(new TargetLock(run.RunId, run.BundleVersion, clock.GetUtcNow()), PipelineJsonContext.Default.TargetLock);
        for (var tries = 0; tries < 3; tries++)
        {
            try
            {
                await objects.PutAsync(stateBucket, key, new MemoryStream(body), PutOptions.CreateOnly, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (PreconditionFailedException)
            {
            }

            if (await ReadHolderAsync(key, cancellationToken).ConfigureAwait(false) is not { } current) continue; // released meanwhile: try again
            var (holder, etag) = current;
            if (holder is null || holder.RunId == run.RunId) return null;
            if (clock.GetUtcNow() - holder.AcquiredAt < StaleLockAge) return holder;
            try
            {
                await objects.PutAsync(stateBucket, key, new MemoryStream(body), new PutOptions(IfMatch: etag), cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (PreconditionFailedException)
            {
                // Someone else took the stale lock first; look again.
            }
        }
        return new TargetLock("unknown", "unknown", clock.GetUtcNow());
    }

    public async Task ReleaseAsync(string pipeline, string target, string runId, CancellationToken cancellationToken)
    {
        var key = StateKeys.TargetLock(pipeline, target);
        if (await ReadHolderAsync(key, cancellationToken).ConfigureAwait(false) is { Holder.RunId: var holderRunId } && holderRunId == runId)
            await objects.DeleteAsync(stateBucket, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Frees every target lock one of <paramref name="runIds"/> holds, whatever the pipeline and target (a run stopped
    /// from outside, which never reached its own failure report); returns the keys freed.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReleaseAllHeldByAsync(IReadOnlySet<string> runIds, CancellationToken cancellationToken)
    {
        var released = new List<string>();
        if (runIds.Count == 0) return released;
        string? token = null;
        do
        {
            var page = await objects.ListAsync(stateBucket, StateKeys.TargetLocksPrefix, token, 1000, cancellationToken).ConfigureAwait(false);
            foreach (var lockObject in page.Objects)
            {
                if (await ReadHolderAsync(lockObject.Key, cancellationToken).ConfigureAwait(false) is not { Holder: { } holder } || !runIds.Contains(holder.RunId))
                    continue;
                await objects.DeleteAsync(stateBucket, lockObject.Key, cancellationToken).ConfigureAwait(false);
                released.Add(lockObject.Key);
            }
            token = page.NextContinuationToken;
        } while (token is not null);
        return released;
    }

    /// <summary>The lock as it stands (HEAD, then a GET of the version the HEAD saw) with its ETag; null when free.</summary>
    private async Task<(TargetLock? Holder, string ETag)?> ReadHolderAsync(string key, CancellationToken cancellationToken)
    {
        var current = await objects.HeadAsync(stateBucket, key, null, cancellationToken).ConfigureAwait(false);
        if (current is null || current.IsDeleteMarker) return null;
        await using var stream = await objects.OpenReadAsync(stateBucket, key, current.VersionId, cancellationToken).ConfigureAwait(false);
        return (await JsonSerializer.DeserializeAsync(stream, PipelineJsonContext.Default.TargetLock, cancellationToken).ConfigureAwait(false), current.ETag);
    }
}
