using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Ports;

/// <summary>Who holds a target's deployment lock.</summary>
public sealed record TargetLock(string RunId, string BundleVersion, DateTimeOffset AcquiredAt);

/// <summary>One deploying run per target: Deploy takes and frees the lock; a failed run's report frees what it still holds.</summary>
public interface ITargetLocks
{
    /// <summary>Null when <paramref name="run"/> holds the lock (now or from an earlier attempt); else who holds it.</summary>
    Task<TargetLock?> AcquireAsync(string target, RunContext run, CancellationToken cancellationToken);

    /// <summary>Frees the target if <paramref name="runId"/> holds its lock.</summary>
    Task ReleaseAsync(string pipeline, string target, string runId, CancellationToken cancellationToken);
}
