using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Definition;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Execution;

/// <summary>
/// What arrives from outside a state while it waits: the clock passing a Wait, a retry interval, a task's
/// TimeoutSeconds or HeartbeatSeconds, or the execution's TimeoutSeconds; a SendTaskSuccess/Failure stored on the
/// branch; a states:startExecution.sync child execution ending.
/// </summary>
internal sealed class SignalsAndCallbacks(ExecutionSession run)
{
    /// <summary>The state machine's TimeoutSeconds passed: everything stops, the execution times out.</summary>
    public bool CheckExecutionTimeout()
    {
        var rec = run.Record;
        if (rec.TimeoutAt is { } at && run.Now >= at)
        {
            foreach (var b in run.ActiveBranches().ToList())
            {
                run.Lifecycle.Abort(b);
            }
            run.Lifecycle.Finish(ExecutionStatus.TimedOut, null, ErrorNames.Timeout, "The execution ran longer than the state machine's TimeoutSeconds");
            run.History.Emit(rec.Branches[rec.RootBranchId], "ExecutionTimedOut", "executionTimedOutEventDetails",
                new JsonObject { ["error"] = ErrorNames.Timeout, ["cause"] = rec.Cause });
            return true;
        }
        return false;
    }

    /// <summary>Applies every due timer and arrived callback, branch by branch; true when any branch moved.</summary>
    public bool Process(List<PendingInvocation> invocations)
    {
        var progressed = false;
        var now = run.Now;
        foreach (var b in run.ActiveBranches().ToList())
        {
            if (!run.IsRunning)
            {
                break;
            }
            var state = run.StateOf(b);
            switch (b.Phase)
            {
                case BranchPhase.Waiting when b.DueAt <= now:
                    run.History.Emit(b, "WaitStateExited", "stateExitedEventDetails", ExecutionHistory.Exited(state.Name, b.Output));
                    run.Lifecycle.Leave(b, state, StatePaths.Parse(b.Output!));
                    progressed = true;
                    break;
                case BranchPhase.RetryBackoff when b.DueAt <= now:
                    run.Record.StateTransitions++;
                    run.States.Attempt(b, state, invocations);
                    progressed = true;
                    break;
                case BranchPhase.AwaitingCallback when b.TimeoutAt <= now || b.HeartbeatAt <= now:
                    CallbackTimedOut(b, state, heartbeat: !(b.TimeoutAt <= now));
                    progressed = true;
                    break;
                case BranchPhase.CallbackArrived:
                    CallbackArrived(b, state);
                    progressed = true;
                    break;
                case BranchPhase.AwaitingChildExecution:
                    progressed |= ChildExecutionEnded(b, state);
                    break;
            }
        }
        return progressed;
    }

    /// <summary>A token is answered once: its hash is kept as closed, so a late callback on it is refused.</summary>
    public static void CloseToken(ExecutionRecord rec, BranchRecord b)
    {
        if (b.TokenHash is { } hash && !rec.ClosedTokenHashes.Contains(hash))
        {
            rec.ClosedTokenHashes.Add(hash);
        }
        b.TokenHash = null;
    }

    private void CallbackTimedOut(BranchRecord b, StateDefinition state, bool heartbeat)
    {
        var error = heartbeat ? ErrorNames.HeartbeatTimeout : ErrorNames.Timeout;
        var cause = heartbeat
            ? $"The task sent no heartbeat for {b.HeartbeatSeconds} seconds (HeartbeatSeconds)"
            : "The task did not complete within its TimeoutSeconds";
        CloseToken(run.Record, b);
        run.History.TaskEvent(b, "TimedOut", new JsonObject { ["error"] = error, ["cause"] = cause });
        run.Errors.Handle(b, state, error, cause);
    }

    private void CallbackArrived(BranchRecord b, StateDefinition state)
    {
        CloseToken(run.Record, b);
        if (b.Error is not null)
        {
            var (error, cause) = (b.Error, b.Cause ?? "");
            run.History.TaskEvent(b, "Failed", new JsonObject { ["error"] = error, ["cause"] = cause });
            run.Errors.Handle(b, state, error, cause);
        }
        else
        {
            var output = StatePaths.Parse(b.Output ?? "null");
            run.History.TaskEvent(b, "Succeeded", new JsonObject { ["output"] = b.Output, ["outputDetails"] = ExecutionHistory.NotTruncated() });
            run.Tasks.Result(b, (TaskState)state, output);
        }
    }

    /// <summary>The child's DescribeExecution is the task result (success) or the cause of States.TaskFailed.</summary>
    private bool ChildExecutionEnded(BranchRecord b, StateDefinition state)
    {
        var child = b.ChildExecutionArn is null ? null : run.Services.LoadExecution(b.ChildExecutionArn);
        if (child is null || child.Status == ExecutionStatus.Running)
        {
            return false;
        }
        var describe = ChildDescription(child, b.ResourceName == "startExecution.sync:2");
        if (child.Status == ExecutionStatus.Succeeded)
        {
            run.History.TaskEvent(b, "Succeeded", new JsonObject { ["output"] = JsonValues.ToJson(describe), ["outputDetails"] = ExecutionHistory.NotTruncated() });
            run.Tasks.Result(b, (TaskState)state, describe);
        }
        else
        {
            var cause = JsonValues.ToJson(describe);
            run.History.TaskEvent(b, "Failed", new JsonObject { ["error"] = ErrorNames.TaskFailed, ["cause"] = cause });
            run.Errors.Handle(b, state, ErrorNames.TaskFailed, cause);
        }
        return true;
    }

    /// <param name="outputAsJson">startExecution.sync:2 gives Input and Output as JSON; startExecution.sync as strings.</param>
    private static JsonObject ChildDescription(ExecutionRecord child, bool outputAsJson)
    {
        var describe = new JsonObject
        {
            ["ExecutionArn"] = child.ExecutionArn,
            ["Input"] = outputAsJson ? StatePaths.Parse(child.Input) : child.Input,
            ["InputDetails"] = new JsonObject { ["Included"] = true },
            ["Name"] = child.Name,
            ["StartDate"] = child.StartDate.ToUnixTimeMilliseconds(),
            ["StateMachineArn"] = child.StateMachineArn,
            ["Status"] = child.Status,
            ["StopDate"] = child.StopDate?.ToUnixTimeMilliseconds(),
        };
        if (child.Output is not null)
        {
            describe["Output"] = outputAsJson ? StatePaths.Parse(child.Output) : child.Output;
            describe["OutputDetails"] = new JsonObject { ["Included"] = true };
        }
        if (child.Error is not null)
        {
            describe["Error"] = child.Error;
            describe["Cause"] = child.Cause;
        }
        return describe;
    }
}
