using System.Text.Json;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.Functions.Pipeline;

/// <summary>Who holds a target's deployment lock.</summary>
public sealed record TargetLock(string RunId, string BundleVersion, DateTimeOffset AcquiredAt);

/// <summary>
/// One deploying run per target: a lock object in the state bucket (<see cref="StateKeys.TargetLock"/>) taken with a
/// create-only write. Deploy takes and frees it; a failed run's report frees what it still holds.
/// </summary>
public sealed class TargetLocks(PipelineServices services)
{
    /// <summary>A lock older than this belongs to a run that died; it may be taken over.</summary>
    public static readonly TimeSpan StaleLockAge = TimeSpan.FromHours(2);

    /// <summary>Null when <paramref name="run"/> holds the lock (now or from an earlier attempt); else who holds it.</summary>
    public async Task<TargetLock?> AcquireAsync(string target, RunContext run, CancellationToken cancellationToken)
    {
        var bucket = services.Settings.StateBucket;
        var key = StateKeys.TargetLock(run.PipelineName, target);
        var body = JsonSerializer.SerializeToUtf8Bytes(new TargetLock(run.RunId, run.BundleVersion, services.Clock.GetUtcNow()), PipelineJsonContext.Default.TargetLock);
        for (var tries = 0; tries < 3; tries++)
        {
            try
            {
                await services.Objects.PutAsync(bucket, key, new MemoryStream(body), PutOptions.CreateOnly, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (PreconditionFailedException)
            {
            }

            if (await ReadHolderAsync(key, cancellationToken).ConfigureAwait(false) is not { } current) continue; // released meanwhile: try again
            var (holder, etag) = current;
            if (holder is null || holder.RunId == run.RunId) return null;
            if (services.Clock.GetUtcNow() - holder.AcquiredAt < StaleLockAge) return holder;
            try
            {
                await services.Objects.PutAsync(bucket, key, new MemoryStream(body), new PutOptions(IfMatch: etag), cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (PreconditionFailedException)
            {
                // Someone else took the stale lock first; look again.
            }
        }
        return new TargetLock("unknown", "unknown", services.Clock.GetUtcNow());
    }

    /// <summary>Frees the target if <paramref name="runId"/> holds its lock.</summary>
    public async Task ReleaseAsync(string pipeline, string target, string runId, CancellationToken cancellationToken)
    {
        var key = StateKeys.TargetLock(pipeline, target);
        if (await ReadHolderAsync(key, cancellationToken).ConfigureAwait(false) is { Holder.RunId: var holderRunId } && holderRunId == runId)
            await services.Objects.DeleteAsync(services.Settings.StateBucket, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The lock as it stands (HEAD, then a GET of the version the HEAD saw) with its ETag; null when free.</summary>
    private async Task<(TargetLock? Holder, string ETag)?> ReadHolderAsync(string key, CancellationToken cancellationToken)
    {
        var bucket = services.Settings.StateBucket;
        var current = await services.Objects.HeadAsync(bucket, key, null, cancellationToken).ConfigureAwait(false);
        if (current is null || current.IsDeleteMarker) return null;
        await using var stream = await services.Objects.OpenReadAsync(bucket, key, current.VersionId, cancellationToken).ConfigureAwait(false);
        return (await JsonSerializer.DeserializeAsync(stream, PipelineJsonContext.Default.TargetLock, cancellationToken).ConfigureAwait(false), current.ETag);
    }
}
