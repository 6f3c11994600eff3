using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Execution;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions;

/// <summary>The callbacks of a waiting task (SendTaskSuccess/Failure/Heartbeat) and StopExecution.</summary>
public sealed partial class LocalStepFunctions
{
    /// <summary>Completes the task waiting on <paramref name="taskToken"/> with <paramref name="output"/> (JSON).</summary>
    public Task SendTaskSuccessAsync(string taskToken, string output, CancellationToken cancellationToken = default)
    {
        try
        {
            JsonValues.Parse(output);
        }
        catch (JsonException ex)
        {
            throw new StepFunctionsException("InvalidOutput", $"Invalid Output: {ex.Message}");
        }
        if (Encoding.UTF8.GetByteCount(output) > ExecutionRunner.MaxPayloadBytes)
        {
            throw new StepFunctionsException("InvalidOutput", "Invalid Output: larger than 256 KiB");
        }
        return CompleteTaskAsync(taskToken, b =>
        {
            b.Phase = BranchPhase.CallbackArrived;
            b.Output = output;
            b.Error = null;
            b.Cause = null;
        }, cancellationToken);
    }

    /// <summary>Fails the task waiting on <paramref name="taskToken"/> (its Retry/Catch then apply).</summary>
    public Task SendTaskFailureAsync(string taskToken, string? error = null, string? cause = null, CancellationToken cancellationToken = default)
        => CompleteTaskAsync(taskToken, b =>
        {
            b.Phase = BranchPhase.CallbackArrived;
            b.Output = null;
            b.Error = error ?? "";
            b.Cause = cause ?? "";
        }, cancellationToken);

    /// <summary>Resets the HeartbeatSeconds timer of the task waiting on <paramref name="taskToken"/>.</summary>
    public Task SendTaskHeartbeatAsync(string taskToken, CancellationToken cancellationToken = default)
        => CompleteTaskAsync(taskToken, b =>
        {
            if (b.HeartbeatSeconds is { } seconds)
            {
                b.HeartbeatAt = _options.Clock.GetUtcNow().AddSeconds(seconds);
            }
        }, cancellationToken);

    private async Task CompleteTaskAsync(string taskToken, Action<BranchRecord> apply, CancellationToken cancellationToken)
    {
        if (!TaskTokens.IsWellFormed(taskToken))
        {
            throw StepFunctionsException.InvalidToken("the token is malformed");
        }
        var hash = TaskTokens.Hash(taskToken);
        var executionArn = _store.FindExecutionByTokenHash(hash) ?? throw StepFunctionsException.TaskDoesNotExist();
        using (await _store.LockExecutionAsync(executionArn, cancellationToken).ConfigureAwait(false))
        {
            var rec = _store.LoadExecution(executionArn) ?? throw StepFunctionsException.TaskDoesNotExist();
            var branch = rec.Branches.Values.FirstOrDefault(b =>
                b.Phase is BranchPhase.AwaitingCallback or BranchPhase.CallbackArrived && b.TokenHash is { } h && TaskTokens.HashEquals(h, hash));
            if (branch is { Phase: BranchPhase.CallbackArrived })
            {
                // Another callback got there first; this task is no longer waiting.
                throw StepFunctionsException.TaskTimedOut();
            }
            if (branch is null)
            {
                throw rec.ClosedTokenHashes.Any(h => TaskTokens.HashEquals(h, hash))
                    ? StepFunctionsException.TaskTimedOut()
                    : StepFunctionsException.TaskDoesNotExist();
            }
            var now = _options.Clock.GetUtcNow();
            if (branch.TimeoutAt <= now || branch.HeartbeatAt <= now || (rec.TimeoutAt <= now))
            {
                throw StepFunctionsException.TaskTimedOut();
            }
            apply(branch);
            _store.SaveExecution(rec);
        }
    }

    /// <summary>Stops a running execution (ABORTED).</summary>
    public async Task StopExecutionAsync(string executionArn, string? error = null, string? cause = null, CancellationToken cancellationToken = default)
    {
        var children = new List<string>();
        using (await _store.LockExecutionAsync(executionArn, cancellationToken).ConfigureAwait(false))
        {
            var rec = _store.LoadExecution(executionArn) ?? throw StepFunctionsException.ExecutionDoesNotExist(executionArn);
            if (rec.Status != ExecutionStatus.Running)
            {
                return;
            }
            var now = _options.Clock.GetUtcNow();
            foreach (var b in rec.Branches.Values.Where(b => b.Phase is not (BranchPhase.Succeeded or BranchPhase.Failed or BranchPhase.Aborted)))
            {
                if (b.TokenHash is { } h)
                {
                    rec.ClosedTokenHashes.Add(h);
                }
                if (b.Phase == BranchPhase.AwaitingChildExecution && b.ChildExecutionArn is { } child)
                {
                    children.Add(child);
                }
                b.Phase = BranchPhase.Aborted;
            }
            rec.Status = ExecutionStatus.Aborted;
            rec.StopDate = now;
            rec.Error = error;
            rec.Cause = cause;
            var details = new JsonObject();
            if (error is not null)
            {
                details["error"] = error;
            }
            if (cause is not null)
            {
                details["cause"] = cause;
            }
            rec.Events.Add(new HistoryEvent(rec.Events.Count + 1, rec.Events.Count, now, "ExecutionAborted", "executionAbortedEventDetails", details));
            _store.SaveExecution(rec);
        }
        foreach (var child in children)
        {
            await StopExecutionAsync(child, "States.Aborted", $"The parent execution {executionArn} was stopped", cancellationToken).ConfigureAwait(false);
        }
    }
}
