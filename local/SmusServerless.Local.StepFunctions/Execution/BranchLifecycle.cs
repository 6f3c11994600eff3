using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Definition;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Execution;

/// <summary>
/// How a branch moves on: a state's result through ResultSelector/ResultPath/OutputPath to the next state, or the
/// branch ends (succeeds, fails, is aborted) and the execution or the enclosing Parallel/Map hears of it.
/// </summary>
internal sealed class BranchLifecycle(ExecutionSession run)
{
    /// <summary>ResultSelector, ResultPath, OutputPath on a state's result; then the transition.</summary>
    public void StateResult(BranchRecord b, StateDefinition state, PayloadTemplate? resultSelector, PathField resultPath, JsonNode? result)
    {
        try
        {
            if (JsonValues.Utf8Size(result) > ExecutionRunner.MaxPayloadBytes)
            {
                throw new StateFailure(ErrorNames.DataLimitExceeded,
                    $"The state/task '{state.Name}' returned a result with a size exceeding the maximum number of bytes service limit.");
            }
            var selected = resultSelector is not null
                ? run.Paths.EvaluateTemplate(resultSelector, result, run.Paths.Context(b, state), ErrorNames.Runtime)
                : result;
            var output = StatePaths.ApplyResultPath(resultPath, StatePaths.Parse(b.Input), selected);
            ExitWithOutput(b, state, StatePaths.ApplyOutputPath(state, output));
        }
        catch (StateFailure failure)
        {
            run.Errors.Handle(b, state, failure.Error, failure.Cause);
        }
    }

    public void ExitWithOutput(BranchRecord b, StateDefinition state, JsonNode? output)
    {
        var text = JsonValues.ToJson(output);
        run.History.Emit(b, $"{state.Type}StateExited", "stateExitedEventDetails", ExecutionHistory.Exited(state.Name, text));
        Leave(b, state, output);
    }

    /// <summary>After the exit event: End ends the branch, Next readies the next state; an oversized output fails the branch.</summary>
    public void Leave(BranchRecord b, StateDefinition state, JsonNode? output)
    {
        if (JsonValues.Utf8Size(output) > ExecutionRunner.MaxPayloadBytes)
        {
            Failed(b, ErrorNames.DataLimitExceeded,
                $"The state/task '{state.Name}' has an output with a size exceeding the maximum number of bytes service limit.");
            return;
        }
        if (state.End)
        {
            Succeeded(b, output);
        }
        else
        {
            MoveTo(b, state.Next!, output);
        }
    }

    public static void MoveTo(BranchRecord b, string next, JsonNode? input)
    {
        b.State = next;
        b.Input = JsonValues.ToJson(input);
        b.Output = null;
        b.Phase = BranchPhase.Ready;
        b.TokenHash = null;
        b.DueAt = null;
        b.TimeoutAt = null;
        b.HeartbeatAt = null;
    }

    public void Succeeded(BranchRecord b, JsonNode? output)
    {
        b.Phase = BranchPhase.Succeeded;
        b.Output = JsonValues.ToJson(output);
        if (b.ParentId is null)
        {
            Finish(ExecutionStatus.Succeeded, b.Output, null, null);
            run.History.Emit(b, "ExecutionSucceeded", "executionSucceededEventDetails",
                new JsonObject { ["output"] = b.Output, ["outputDetails"] = ExecutionHistory.NotTruncated() });
            return;
        }
        run.FanOut.ChildSucceeded(run.Record.Branches[b.ParentId], b);
    }

    public void Failed(BranchRecord b, string error, string cause)
    {
        b.Phase = BranchPhase.Failed;
        b.Error = error;
        b.Cause = cause;
        if (b.ParentId is null)
        {
            Finish(ExecutionStatus.Failed, null, error, cause);
            run.History.Emit(b, "ExecutionFailed", "executionFailedEventDetails", new JsonObject { ["error"] = error, ["cause"] = cause });
            return;
        }
        run.FanOut.ChildFailed(run.Record.Branches[b.ParentId], b, error, cause);
    }

    /// <summary>Ends the execution; tasks still waiting on a callback or a child execution are aborted.</summary>
    public void Finish(string status, string? output, string? error, string? cause)
    {
        var rec = run.Record;
        rec.Status = status;
        rec.StopDate = run.Now;
        rec.Output = output;
        rec.Error = error;
        rec.Cause = cause;
        foreach (var b in rec.Branches.Values.Where(b => b.Phase is BranchPhase.AwaitingCallback or BranchPhase.AwaitingChildExecution).ToList())
        {
            Abort(b);
        }
    }

    /// <summary>Stops a branch and everything under it: its token closes, its child execution is marked to stop.</summary>
    public void Abort(BranchRecord b)
    {
        var rec = run.Record;
        if (b.Phase is BranchPhase.AwaitingCallback)
        {
            SignalsAndCallbacks.CloseToken(rec, b);
        }
        if (b.Phase is BranchPhase.AwaitingChildExecution && b.ChildExecutionArn is { } childExecution)
        {
            rec.ChildExecutionsToStop.Add(childExecution);
        }
        b.Phase = BranchPhase.Aborted;
        foreach (var id in b.ChildIds)
        {
            var child = rec.Branches[id];
            if (!ExecutionSession.IsDone(child))
            {
                Abort(child);
            }
        }
    }
}
