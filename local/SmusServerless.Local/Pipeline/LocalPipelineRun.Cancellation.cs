using System.Text.Json.Nodes;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Storage;
using SmusServerless.Functions.Approvals;

namespace SmusServerless.Local.Pipeline;

/// <summary>What <see cref="LocalPipelineRun.AbortAsync"/> ended.</summary>
public sealed record LocalRunAbort(IReadOnlyList<string> AbortedExecutions, IReadOnlyList<string> CancelledApprovals, IReadOnlyList<string> ReleasedLocks);

public sealed partial class LocalPipelineRun
{
    /// <summary>The error an execution stopped by a cancelled run ends with.</summary>
    public const string RunCancelledError = "Run.Cancelled";

    private readonly List<string> _startedExecutions = [];
    private readonly List<string> _requestedApprovals = [];
    private TimeProvider _clock = TimeProvider.System;

    /// <summary>
    /// A cancelled run (SIGTERM, Ctrl-C) leaves nothing waiting: every execution it started that is still running is
    /// stopped (ABORTED, error <see cref="RunCancelledError"/>), its pending approvals are closed as cancelled so their
    /// links say so, and the target locks its executions hold are freed for the next run.
    /// </summary>
    public async Task<LocalRunAbort> AbortAsync(string reason, CancellationToken cancellationToken)
    {
        List<string> executions, approvals;
        lock (_gate)
        {
            executions = _startedExecutions.Distinct(StringComparer.Ordinal).ToList();
            approvals = _requestedApprovals.Distinct(StringComparer.Ordinal).ToList();
        }

        var aborted = new List<string>();
        foreach (var arn in executions)
        {
            if (_engine.DescribeExecution(arn).Status != "RUNNING") continue;
            await _engine.StopExecutionAsync(arn, RunCancelledError, reason, cancellationToken).ConfigureAwait(false);
            aborted.Add(arn);
        }

        var cancellation = new ApprovalCancellation(_approvals.Store, _approvals.Audit, new ConsoleApprovalLog(TextWriter.Null, _clock), _clock);
        var cancelled = new List<string>();
        foreach (var approvalId in approvals)
            if (await cancellation.CancelAsync(approvalId, reason, cancellationToken).ConfigureAwait(false) == CancellationOutcome.Cancelled)
                cancelled.Add(approvalId);

        var released = await ReleaseLocksHeldByAsync(aborted.Select(RunIdOf).ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        return new LocalRunAbort(aborted, cancelled, released);
    }

    /// <summary>The pipeline's run id is the execution's name (the ARN's last segment).</summary>
    private static string RunIdOf(string executionArn) => executionArn[(executionArn.LastIndexOf(':') + 1)..];

    /// <summary>Deletes the target locks (<c>locks/&lt;pipeline&gt;/&lt;target&gt;.json</c>) whose holder is one of <paramref name="runIds"/>.</summary>
    private async Task<IReadOnlyList<string>> ReleaseLocksHeldByAsync(IReadOnlySet<string> runIds, CancellationToken cancellationToken)
    {
        var released = new List<string>();
        if (runIds.Count == 0) return released;
        string? token = null;
        do
        {
            var page = await _store.ListAsync(StateBucket, "locks/", token, 1000, cancellationToken).ConfigureAwait(false);
            foreach (var lockObject in page.Objects)
            {
                JsonNode? holder;
                await using (var stream = await _store.OpenReadAsync(StateBucket, lockObject.Key, null, cancellationToken).ConfigureAwait(false))
                    holder = await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (holder?["runId"] is JsonValue runId && runId.TryGetValue<string>(out var id) && runIds.Contains(id))
                {
                    await _store.DeleteAsync(StateBucket, lockObject.Key, cancellationToken).ConfigureAwait(false);
                    released.Add(lockObject.Key);
                }
            }
            token = page.NextContinuationToken;
        } while (token is not null);
        return released;
    }
}
