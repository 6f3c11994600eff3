using SmusServerless.Core.Approvals;
using SmusServerless.Local.Approvals;

namespace SmusServerless.Local.Pipeline;

/// <summary>
/// Driving a run step by step, for hosts that act between steps (a person voting in a browser, time passing on the
/// virtual clock): the engine runs only when asked, so nothing happens behind the caller's back and nothing sleeps.
/// </summary>
public sealed partial class LocalPipelineRun
{
    /// <summary>This run's approval gate: its endpoint, handlers and audit trail.</summary>
    public LocalApprovalGate ApprovalGate => _approvals;

    /// <summary>
    /// Runs the engine until nothing moves without a person or the passing of a callback deadline (on the virtual
    /// clock, Wait states and retries are jumped over), and says where the execution stands (RUNNING while it waits).
    /// </summary>
    public async Task<LocalRunResult> RunUntilWaitingAsync(string executionArn, CancellationToken cancellationToken)
    {
        await _engine.RunUntilIdleAsync(cancellationToken).ConfigureAwait(false);
        return Describe(executionArn);
    }

    /// <summary>
    /// Moves the virtual clock forward by <paramref name="by"/> (callback deadlines such as the approval timeout may
    /// pass), then runs until waiting again. Only a run with <see cref="LocalRunOptions.VirtualClock"/> can do this.
    /// </summary>
    public async Task<LocalRunResult> PassTimeAsync(string executionArn, TimeSpan by, CancellationToken cancellationToken)
    {
        await _engine.AdvanceClockAsync(by, cancellationToken).ConfigureAwait(false);
        return Describe(executionArn);
    }

    /// <summary>The approval record as the gate keeps it (status, votes, resolution), or null when there is none.</summary>
    public Task<ApprovalRecord?> ReadApprovalAsync(string approvalId, CancellationToken cancellationToken) =>
        _approvals.Store.GetAsync(approvalId, cancellationToken);

    private LocalRunResult Describe(string executionArn)
    {
        var execution = _engine.DescribeExecution(executionArn);
        return new LocalRunResult(execution.ExecutionArn, execution.Status, execution.Error, execution.Cause, execution.StateTransitions);
    }
}
