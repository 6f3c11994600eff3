using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Definition;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Execution;

/// <summary>
/// Entering a state, per state type: Pass, Choice, Wait, Succeed and Fail complete here; Task, Parallel and Map
/// start an attempt (again after each retry interval).
/// </summary>
internal sealed class StateSteps(ExecutionSession run)
{
    public void Enter(BranchRecord b, List<PendingInvocation> invocations)
    {
        var state = run.StateOf(b);
        b.EnteredTime = run.Now;
        b.RetryCounts = [];
        b.RetryCount = 0;
        run.Record.StateTransitions++;
        run.History.Emit(b, $"{state.Type}StateEntered", "stateEnteredEventDetails",
            new JsonObject { ["name"] = state.Name, ["input"] = b.Input, ["inputDetails"] = ExecutionHistory.NotTruncated() });
        if (System.Text.Encoding.UTF8.GetByteCount(b.Input) > ExecutionRunner.MaxPayloadBytes)
        {
            run.Lifecycle.Failed(b, ErrorNames.DataLimitExceeded,
                $"The state/task '{state.Name}' has an input with a size exceeding the maximum number of bytes service limit.");
            return;
        }
        var input = StatePaths.Parse(b.Input);
        try
        {
            switch (state)
            {
                case PassState pass:
                    Pass(b, pass, input);
                    break;
                case ChoiceState choice:
                    Choice(b, choice, input);
                    break;
                case WaitState wait:
                {
                    var effective = StatePaths.ApplyInputPath(wait, input);
                    b.DueAt = WaitUntil(wait, effective);
                    b.Output = JsonValues.ToJson(StatePaths.ApplyOutputPath(state, effective));
                    b.Phase = BranchPhase.Waiting;
                    break;
                }
                case SucceedState:
                {
                    var output = StatePaths.ApplyOutputPath(state, StatePaths.ApplyInputPath(state, input));
                    run.History.Emit(b, "SucceedStateExited", "stateExitedEventDetails", ExecutionHistory.Exited(state.Name, JsonValues.ToJson(output)));
                    run.Lifecycle.Succeeded(b, output);
                    break;
                }
                case FailState fail:
                {
                    var error = fail.ErrorPath is not null ? StatePaths.SelectString(fail.ErrorPath, input, "ErrorPath") : fail.Error;
                    var cause = fail.CausePath is not null ? StatePaths.SelectString(fail.CausePath, input, "CausePath") : fail.Cause;
                    run.Lifecycle.Failed(b, error ?? "", cause ?? "");
                    break;
                }
                default:
                    Attempt(b, state, invocations);
                    break;
            }
        }
        catch (StateFailure failure)
        {
            run.Errors.Handle(b, state, failure.Error, failure.Cause);
        }
    }

    /// <summary>One attempt of a Task, Parallel or Map state.</summary>
    public void Attempt(BranchRecord b, StateDefinition state, List<PendingInvocation> invocations)
    {
        var input = StatePaths.Parse(b.Input);
        try
        {
            switch (state)
            {
                case TaskState task:
                    run.Tasks.Prepare(b, task, input, invocations);
                    break;
                case ParallelState parallel:
                    run.FanOut.StartParallel(b, parallel, input);
                    break;
                case MapState map:
                    run.FanOut.StartMap(b, map, input);
                    break;
            }
        }
        catch (StateFailure failure)
        {
            run.Errors.Handle(b, state, failure.Error, failure.Cause);
        }
    }

    private void Pass(BranchRecord b, PassState pass, JsonNode? input)
    {
        var effective = StatePaths.ApplyInputPath(pass, input);
        // Parameters shape the effective input; a Result, when given, is the output of the "virtual task" instead.
        var parameters = pass.Parameters is not null
            ? run.Paths.EvaluateTemplate(pass.Parameters, effective, run.Paths.Context(b, pass), ErrorNames.ParameterPathFailure)
            : effective;
        var result = pass.HasResult ? pass.Result?.DeepClone() : parameters;
        var output = StatePaths.ApplyResultPath(pass.ResultPath, input, result);
        run.Lifecycle.ExitWithOutput(b, pass, StatePaths.ApplyOutputPath(pass, output));
    }

    private void Choice(BranchRecord b, ChoiceState choice, JsonNode? input)
    {
        var effective = StatePaths.ApplyInputPath(choice, input);
        var context = run.Paths.Context(b, choice);
        var next = choice.Choices.FirstOrDefault(r => Matches(r, effective, context))?.Next ?? choice.Default;
        if (next is null)
        {
            throw new StateFailure(ErrorNames.NoChoiceMatched, $"No Matches! (no choice rule of '{choice.Name}' matched and there is no Default)");
        }
        var output = StatePaths.ApplyOutputPath(choice, effective);
        run.History.Emit(b, "ChoiceStateExited", "stateExitedEventDetails", ExecutionHistory.Exited(choice.Name, JsonValues.ToJson(output)));
        BranchLifecycle.MoveTo(b, next, output);
    }

    private static bool Matches(ChoiceRule rule, JsonNode? input, JsonNode context)
    {
        try
        {
            return rule.Matches(input, context);
        }
        catch (ChoicePathException ex)
        {
            throw new StateFailure(ErrorNames.Runtime, ex.Message);
        }
    }

    private DateTimeOffset WaitUntil(WaitState wait, JsonNode? input)
    {
        var now = run.Now;
        if (wait.Seconds is { } seconds)
        {
            return now.AddSeconds(seconds);
        }
        if (wait.Timestamp is { } ts)
        {
            return ts;
        }
        if (wait.SecondsPath is { } sp)
        {
            var value = StatePaths.Select(sp, input, "SecondsPath");
            if (!JsonValues.TryGetNumber(value, out var s) || s < 0 || s != Math.Floor(s))
            {
                throw new StateFailure(ErrorNames.Runtime, $"The SecondsPath '{sp.Text}' must point to a non-negative integer");
            }
            return now.AddSeconds((double)s);
        }
        var stamp = StatePaths.Select(wait.TimestampPath!, input, "TimestampPath");
        if (!JsonValues.TryGetString(stamp, out var text) || !ComparisonRule.TryParseTimestamp(text, out var at))
        {
            throw new StateFailure(ErrorNames.Runtime, $"The TimestampPath '{wait.TimestampPath!.Text}' must point to an RFC 3339 timestamp");
        }
        return at;
    }
}
