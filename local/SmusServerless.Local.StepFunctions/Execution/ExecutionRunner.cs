using SmusServerless.Local.StepFunctions.Definition;
using SmusServerless.Local.StepFunctions.Intrinsics;
using SmusServerless.Local.StepFunctions.Tasks;

namespace SmusServerless.Local.StepFunctions.Execution;

/// <summary>
/// Advances one execution as far as it can go without time passing: enters states, runs tasks, applies
/// callbacks and expired timers, and records history. All state lives in the <see cref="ExecutionRecord"/>,
/// so the caller can persist it between calls and resume it in another process. The work itself is done by the
/// parts of an <see cref="ExecutionSession"/>; this class is the loop and the entry points the facade calls.
/// </summary>
internal sealed class ExecutionRunner(
    TaskResourceRegistry registry,
    TimeProvider clock,
    IntrinsicEnvironment intrinsics,
    ITaskHost host,
    Func<string, ExecutionRecord?> loadExecution,
    Action<string, string> indexToken)
{
    /// <summary>The 256 KiB limit on state input, output and task results (UTF-8 bytes).</summary>
    public const int MaxPayloadBytes = 256 * 1024;

    /// <summary>What history events show in place of a task token.</summary>
    public const string RedactedToken = "<task token redacted>";

    private readonly EngineServices _services = new(registry, clock, intrinsics, host, loadExecution, indexToken);

    /// <summary>Runs until nothing more can happen now; true when anything changed.</summary>
    public async Task<bool> AdvanceAsync(ExecutionRecord rec, StateMachineDefinition def, CancellationToken cancellationToken)
    {
        var run = new ExecutionSession(_services, rec, def);
        var changed = false;
        while (run.IsRunning)
        {
            var invocations = new List<PendingInvocation>();
            var progressed = run.Signals.CheckExecutionTimeout();
            if (!run.IsRunning)
            {
                return true;
            }
            progressed |= run.Signals.Process(invocations);
            foreach (var branch in run.ActiveBranches().Where(b => b.Phase == BranchPhase.Ready).ToList())
            {
                if (!run.IsRunning || branch.Phase != BranchPhase.Ready)
                {
                    continue;
                }
                run.States.Enter(branch, invocations);
                progressed = true;
            }
            if (invocations.Count > 0 && run.IsRunning)
            {
                // The tasks of one pass run concurrently (Parallel branches, Map items); outcomes apply in branch order.
                var outcomes = await Task.WhenAll(invocations.Select(i => run.Tasks.InvokeAsync(i, cancellationToken))).ConfigureAwait(false);
                for (var i = 0; i < invocations.Count; i++)
                {
                    if (!run.IsRunning || invocations[i].Branch.Phase == BranchPhase.Aborted)
                    {
                        continue;
                    }
                    run.Tasks.ApplyOutcome(invocations[i], outcomes[i]);
                }
                progressed = true;
            }
            if (!progressed)
            {
                break;
            }
            changed = true;
        }
        return changed;
    }

    /// <summary>The earliest time at which something is due, split by kind (the virtual clock only jumps to timers).</summary>
    public static (DateTimeOffset? Timer, DateTimeOffset? Deadline) NextDue(ExecutionRecord rec)
    {
        DateTimeOffset? timer = null, deadline = rec.TimeoutAt;
        foreach (var b in ExecutionSession.ActiveBranches(rec))
        {
            if (b.Phase is BranchPhase.Waiting or BranchPhase.RetryBackoff && b.DueAt is { } due)
            {
                timer = Min(timer, due);
            }
            if (b.Phase == BranchPhase.AwaitingCallback)
            {
                deadline = Min(deadline, b.TimeoutAt);
                deadline = Min(deadline, b.HeartbeatAt);
            }
        }
        return (timer, deadline);
    }

    /// <summary>A new branch, ready to enter <paramref name="startAt"/>; a child's history continues from its parent's.</summary>
    public static BranchRecord NewBranch(ExecutionRecord rec, string scopeKey, string startAt, string input, string? parentId, int index)
    {
        var branch = new BranchRecord
        {
            Id = $"b{rec.NextBranchNumber++}",
            ScopeKey = scopeKey,
            ParentId = parentId,
            Index = index,
            State = startAt,
            Input = input,
            Phase = BranchPhase.Ready,
            LastEventId = parentId is null ? 0 : rec.Branches[parentId].LastEventId,
        };
        rec.Branches[branch.Id] = branch;
        return branch;
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b)
        => a is null ? b : b is null ? a : (a < b ? a : b);
}
