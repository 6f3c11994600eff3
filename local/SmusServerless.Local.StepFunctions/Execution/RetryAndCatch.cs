using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Definition;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Execution;

/// <summary>
/// An error in a state: its retriers first (the first retrier whose ErrorEquals matches decides), then its catchers
/// (the first match), else the branch fails with the error.
/// </summary>
internal sealed class RetryAndCatch(ExecutionSession run)
{
    public void Handle(BranchRecord b, StateDefinition state, string error, string cause)
    {
        var (retriers, catchers) = state switch
        {
            TaskState t => (t.Retry, t.Catch),
            ParallelState p => (p.Retry, p.Catch),
            MapState m => (m.Retry, m.Catch),
            _ => ((IReadOnlyList<Retrier>)[], (IReadOnlyList<Catcher>)[]),
        };
        b.TimeoutAt = null;
        b.HeartbeatAt = null;
        if (TryRetry(b, retriers, error) || TryCatch(b, state, catchers, error, cause))
        {
            return;
        }
        run.Lifecycle.Failed(b, error, cause);
    }

    /// <summary>Schedules the next attempt when the matching retrier has attempts left; a spent retrier ends retrying.</summary>
    private bool TryRetry(BranchRecord b, IReadOnlyList<Retrier> retriers, string error)
    {
        for (var i = 0; i < retriers.Count; i++)
        {
            var retrier = retriers[i];
            if (!ErrorNames.Matches(retrier.ErrorEquals, error))
            {
                continue;
            }
            while (b.RetryCounts.Count < retriers.Count)
            {
                b.RetryCounts.Add(0);
            }
            var used = b.RetryCounts[i];
            if (used >= retrier.MaxAttempts)
            {
                return false;
            }
            var delay = retrier.IntervalSeconds * Math.Pow(retrier.BackoffRate, used);
            if (retrier.MaxDelaySeconds is { } max)
            {
                delay = Math.Min(delay, max);
            }
            if (retrier.JitterStrategy == "FULL")
            {
                delay = run.Services.Intrinsics.RandomFor(null).NextDouble() * delay;
            }
            b.RetryCounts[i] = used + 1;
            b.RetryCount++;
            b.DueAt = run.Now.AddSeconds(delay);
            b.Phase = BranchPhase.RetryBackoff;
            return true;
        }
        return false;
    }

    /// <summary>The first matching catcher writes {Error, Cause} at its ResultPath into the state's input and moves on.</summary>
    private bool TryCatch(BranchRecord b, StateDefinition state, IReadOnlyList<Catcher> catchers, string error, string cause)
    {
        foreach (var catcher in catchers)
        {
            if (!ErrorNames.Matches(catcher.ErrorEquals, error))
            {
                continue;
            }
            var errorOutput = new JsonObject { ["Error"] = error, ["Cause"] = cause };
            JsonNode? next;
            try
            {
                next = StatePaths.ApplyResultPath(catcher.ResultPath, StatePaths.Parse(b.Input), errorOutput);
            }
            catch (StateFailure failure)
            {
                run.Lifecycle.Failed(b, failure.Error, failure.Cause);
                return true;
            }
            run.History.Emit(b, $"{state.Type}StateExited", "stateExitedEventDetails", ExecutionHistory.Exited(state.Name, JsonValues.ToJson(next)));
            BranchLifecycle.MoveTo(b, catcher.Next, next);
            return true;
        }
        return false;
    }
}
