using SmusServerless.Application.Pipeline;
using SmusServerless.Core.Approvals;
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

        var clock = _engine.Clock;
        var cancellation = new ApprovalCancellation(_approvals.Store, _approvals.Audit, new ConsoleApprovalLog(TextWriter.Null, clock), clock);
        var cancelled = new List<string>();
        foreach (var approvalId in approvals)
            if (await cancellation.CancelAsync(approvalId, reason, cancellationToken).ConfigureAwait(false) == CancellationOutcome.Cancelled)
                cancelled.Add(approvalId);

        var released = await new TargetLocks(_store, StateBucket, _engine.Clock)
            .ReleaseAllHeldByAsync(aborted.Select(RunIdOf).ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        return new LocalRunAbort(aborted, cancelled, released);
    }

    /// <summary>The pipeline's run id is the execution's name (the ARN's last segment).</summary>
    private static string RunIdOf(string executionArn) => executionArn[(executionArn.LastIndexOf(':') + 1)..];
}
