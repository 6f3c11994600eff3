using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Definition;
using SmusServerless.Local.StepFunctions.Intrinsics;
using SmusServerless.Local.StepFunctions.Json;
using SmusServerless.Local.StepFunctions.Tasks;

namespace SmusServerless.Local.StepFunctions.Execution;

/// <summary>
/// Advances one execution as far as it can go without time passing: enters states, runs tasks, applies
/// callbacks and expired timers, and records history. All state lives in the <see cref="ExecutionRecord"/>,
/// so the caller can persist it between calls and resume it in another process.
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

    private const string Region = "us-east-1";

    /// <summary>What history events show in place of a task token.</summary>
    public const string RedactedToken = "<task token redacted>";

    private sealed record PendingInvocation(
        BranchRecord Branch,
        TaskState State,
        TaskResourceName Name,
        ITaskResource Resource,
        TaskRequest Request,
        string? TokenHash);

    /// <summary>Runs until nothing more can happen now; true when anything changed.</summary>
    public async Task<bool> AdvanceAsync(ExecutionRecord rec, StateMachineDefinition def, CancellationToken cancellationToken)
    {
        var changed = false;
        while (rec.Status == ExecutionStatus.Running)
        {
            var invocations = new List<PendingInvocation>();
            var progressed = CheckExecutionTimeout(rec);
            if (rec.Status != ExecutionStatus.Running)
            {
                return true;
            }
            progressed |= ProcessSignals(rec, def, invocations);
            foreach (var branch in ActiveBranches(rec).Where(b => b.Phase == BranchPhase.Ready).ToList())
            {
                if (rec.Status != ExecutionStatus.Running || branch.Phase != BranchPhase.Ready)
                {
                    continue;
                }
                EnterState(rec, def, branch, invocations);
                progressed = true;
            }
            if (invocations.Count > 0 && rec.Status == ExecutionStatus.Running)
            {
                var outcomes = await Task.WhenAll(invocations.Select(i => InvokeAsync(i, cancellationToken))).ConfigureAwait(false);
                for (var i = 0; i < invocations.Count; i++)
                {
                    if (rec.Status != ExecutionStatus.Running || invocations[i].Branch.Phase == BranchPhase.Aborted)
                    {
                        continue;
                    }
                    ApplyOutcome(rec, def, invocations[i], outcomes[i]);
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
        foreach (var b in ActiveBranches(rec))
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

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b)
        => a is null ? b : b is null ? a : (a < b ? a : b);

    private static IEnumerable<BranchRecord> ActiveBranches(ExecutionRecord rec)
        => rec.Branches.Values
            .Where(b => b.Phase is not (BranchPhase.Succeeded or BranchPhase.Failed or BranchPhase.Aborted))
            .OrderBy(b => int.Parse(b.Id.AsSpan(1), CultureInfo.InvariantCulture));

    private bool CheckExecutionTimeout(ExecutionRecord rec)
    {
        if (rec.TimeoutAt is { } at && clock.GetUtcNow() >= at)
        {
            foreach (var b in ActiveBranches(rec).ToList())
            {
                Abort(rec, b);
            }
            Finish(rec, ExecutionStatus.TimedOut, null, ErrorNames.Timeout, "The execution ran longer than the state machine's TimeoutSeconds");
            Emit(rec, rec.Branches[rec.RootBranchId], "ExecutionTimedOut", "executionTimedOutEventDetails",
                new JsonObject { ["error"] = ErrorNames.Timeout, ["cause"] = rec.Cause });
            return true;
        }
        return false;
    }

    private bool ProcessSignals(ExecutionRecord rec, StateMachineDefinition def, List<PendingInvocation> invocations)
    {
        var progressed = false;
        var now = clock.GetUtcNow();
        foreach (var b in ActiveBranches(rec).ToList())
        {
            if (rec.Status != ExecutionStatus.Running)
            {
                break;
            }
            var state = def.Scope(b.ScopeKey).States[b.State];
            switch (b.Phase)
            {
                case BranchPhase.Waiting when b.DueAt <= now:
                    Emit(rec, b, "WaitStateExited", "stateExitedEventDetails", Exited(state.Name, b.Output));
                    Leave(rec, def, b, state, Parse(b.Output!));
                    progressed = true;
                    break;
                case BranchPhase.RetryBackoff when b.DueAt <= now:
                    rec.StateTransitions++;
                    Attempt(rec, def, b, state, invocations);
                    progressed = true;
                    break;
                case BranchPhase.AwaitingCallback when b.TimeoutAt <= now || b.HeartbeatAt <= now:
                {
                    var heartbeat = !(b.TimeoutAt <= now);
                    var error = heartbeat ? ErrorNames.HeartbeatTimeout : ErrorNames.Timeout;
                    var cause = heartbeat
                        ? $"The task sent no heartbeat for {b.HeartbeatSeconds} seconds (HeartbeatSeconds)"
                        : "The task did not complete within its TimeoutSeconds";
                    CloseToken(rec, b);
                    EmitTaskEvent(rec, b, "TimedOut", new JsonObject { ["error"] = error, ["cause"] = cause });
                    StateError(rec, def, b, state, error, cause);
                    progressed = true;
                    break;
                }
                case BranchPhase.CallbackArrived:
                    CloseToken(rec, b);
                    if (b.Error is not null)
                    {
                        var (error, cause) = (b.Error, b.Cause ?? "");
                        EmitTaskEvent(rec, b, "Failed", new JsonObject { ["error"] = error, ["cause"] = cause });
                        StateError(rec, def, b, state, error, cause);
                    }
                    else
                    {
                        var output = Parse(b.Output ?? "null");
                        EmitTaskEvent(rec, b, "Succeeded", new JsonObject { ["output"] = b.Output, ["outputDetails"] = NotTruncated() });
                        TaskResult(rec, def, b, (TaskState)state, output);
                    }
                    progressed = true;
                    break;
                case BranchPhase.AwaitingChildExecution:
                {
                    var child = b.ChildExecutionArn is null ? null : loadExecution(b.ChildExecutionArn);
                    if (child is null || child.Status == ExecutionStatus.Running)
                    {
                        break;
                    }
                    var describe = ChildDescription(child, b.ResourceName == "startExecution.sync:2");
                    if (child.Status == ExecutionStatus.Succeeded)
                    {
                        EmitTaskEvent(rec, b, "Succeeded", new JsonObject { ["output"] = JsonValues.ToJson(describe), ["outputDetails"] = NotTruncated() });
                        TaskResult(rec, def, b, (TaskState)state, describe);
                    }
                    else
                    {
                        var cause = JsonValues.ToJson(describe);
                        EmitTaskEvent(rec, b, "Failed", new JsonObject { ["error"] = ErrorNames.TaskFailed, ["cause"] = cause });
                        StateError(rec, def, b, state, ErrorNames.TaskFailed, cause);
                    }
                    progressed = true;
                    break;
                }
            }
        }
        return progressed;
    }

    private static JsonObject ChildDescription(ExecutionRecord child, bool outputAsJson)
    {
        var describe = new JsonObject
        {
            ["ExecutionArn"] = child.ExecutionArn,
            ["Input"] = outputAsJson ? Parse(child.Input) : child.Input,
            ["InputDetails"] = new JsonObject { ["Included"] = true },
            ["Name"] = child.Name,
            ["StartDate"] = child.StartDate.ToUnixTimeMilliseconds(),
            ["StateMachineArn"] = child.StateMachineArn,
            ["Status"] = child.Status,
            ["StopDate"] = child.StopDate?.ToUnixTimeMilliseconds(),
        };
        if (child.Output is not null)
        {
            describe["Output"] = outputAsJson ? Parse(child.Output) : child.Output;
            describe["OutputDetails"] = new JsonObject { ["Included"] = true };
        }
        if (child.Error is not null)
        {
            describe["Error"] = child.Error;
            describe["Cause"] = child.Cause;
        }
        return describe;
    }

    private void EnterState(ExecutionRecord rec, StateMachineDefinition def, BranchRecord b, List<PendingInvocation> invocations)
    {
        var state = def.Scope(b.ScopeKey).States[b.State];
        b.EnteredTime = clock.GetUtcNow();
        b.RetryCounts = [];
        b.RetryCount = 0;
        rec.StateTransitions++;
        Emit(rec, b, $"{state.Type}StateEntered", "stateEnteredEventDetails",
            new JsonObject { ["name"] = state.Name, ["input"] = b.Input, ["inputDetails"] = NotTruncated() });
        if (System.Text.Encoding.UTF8.GetByteCount(b.Input) > MaxPayloadBytes)
        {
            BranchFailed(rec, def, b, ErrorNames.DataLimitExceeded,
                $"The state/task '{state.Name}' has an input with a size exceeding the maximum number of bytes service limit.");
            return;
        }
        var input = Parse(b.Input);
        try
        {
            switch (state)
            {
                case PassState pass:
                {
                    var effective = ApplyInputPath(pass, input);
                    // Parameters shape the effective input; a Result, when given, is the output of the "virtual task" instead.
                    var parameters = pass.Parameters is not null
                        ? EvaluateTemplate(pass.Parameters, effective, Context(rec, b, state), ErrorNames.ParameterPathFailure)
                        : effective;
                    var result = pass.HasResult ? pass.Result?.DeepClone() : parameters;
                    var output = ApplyResultPath(pass.ResultPath, input, result);
                    ExitWithOutput(rec, def, b, state, ApplyOutputPath(state, output));
                    break;
                }
                case ChoiceState choice:
                {
                    var effective = ApplyInputPath(choice, input);
                    var context = Context(rec, b, state);
                    var next = choice.Choices.FirstOrDefault(r => Evaluate(r, effective, context))?.Next ?? choice.Default;
                    if (next is null)
                    {
                        throw new StateFailure(ErrorNames.NoChoiceMatched, $"No Matches! (no choice rule of '{state.Name}' matched and there is no Default)");
                    }
                    var output = ApplyOutputPath(state, effective);
                    Emit(rec, b, "ChoiceStateExited", "stateExitedEventDetails", Exited(state.Name, JsonValues.ToJson(output)));
                    MoveTo(b, next, output);
                    break;
                }
                case WaitState wait:
                {
                    var effective = ApplyInputPath(wait, input);
                    b.DueAt = WaitUntil(wait, effective);
                    b.Output = JsonValues.ToJson(ApplyOutputPath(state, effective));
                    b.Phase = BranchPhase.Waiting;
                    break;
                }
                case SucceedState:
                {
                    var output = ApplyOutputPath(state, ApplyInputPath(state, input));
                    Emit(rec, b, "SucceedStateExited", "stateExitedEventDetails", Exited(state.Name, JsonValues.ToJson(output)));
                    BranchSucceeded(rec, def, b, output);
                    break;
                }
                case FailState fail:
                {
                    var error = fail.ErrorPath is not null ? SelectString(fail.ErrorPath, input, "ErrorPath") : fail.Error;
                    var cause = fail.CausePath is not null ? SelectString(fail.CausePath, input, "CausePath") : fail.Cause;
                    BranchFailed(rec, def, b, error ?? "", cause ?? "");
                    break;
                }
                default:
                    Attempt(rec, def, b, state, invocations);
                    break;
            }
        }
        catch (StateFailure failure)
        {
            StateError(rec, def, b, state, failure.Error, failure.Cause);
        }
    }

    private bool Evaluate(ChoiceRule rule, JsonNode? input, JsonNode context)
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
        var now = clock.GetUtcNow();
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
            var value = Select(sp, input, "SecondsPath");
            if (!JsonValues.TryGetNumber(value, out var s) || s < 0 || s != Math.Floor(s))
            {
                throw new StateFailure(ErrorNames.Runtime, $"The SecondsPath '{sp.Text}' must point to a non-negative integer");
            }
            return now.AddSeconds((double)s);
        }
        var stamp = Select(wait.TimestampPath!, input, "TimestampPath");
        if (!JsonValues.TryGetString(stamp, out var text) || !ComparisonRule.TryParseTimestamp(text, out var at))
        {
            throw new StateFailure(ErrorNames.Runtime, $"The TimestampPath '{wait.TimestampPath!.Text}' must point to an RFC 3339 timestamp");
        }
        return at;
    }

    /// <summary>One attempt of a Task, Parallel or Map state (again after each retry interval).</summary>
    private void Attempt(ExecutionRecord rec, StateMachineDefinition def, BranchRecord b, StateDefinition state, List<PendingInvocation> invocations)
    {
        var input = Parse(b.Input);
        try
        {
            switch (state)
            {
                case TaskState task:
                    PrepareTask(rec, b, task, input, invocations);
                    break;
                case ParallelState parallel:
                {
                    var effective = ApplyInputPath(parallel, input);
                    var branchInput = parallel.Parameters is not null
                        ? EvaluateTemplate(parallel.Parameters, effective, Context(rec, b, state), ErrorNames.ParameterPathFailure)
                        : effective;
                    Emit(rec, b, "ParallelStateStarted", null, null);
                    b.ChildIds = [];
                    b.Phase = BranchPhase.AwaitingBranches;
                    for (var i = 0; i < parallel.Branches.Count; i++)
                    {
                        var scope = parallel.Branches[i];
                        var child = NewBranch(rec, scope.Key, scope.StartAt, JsonValues.ToJson(branchInput), b.Id, i);
                        b.ChildIds.Add(child.Id);
                    }
                    break;
                }
                case MapState map:
                    StartMap(rec, def, b, map, input);
                    break;
            }
        }
        catch (StateFailure failure)
        {
            StateError(rec, def, b, state, failure.Error, failure.Cause);
        }
    }

    private void StartMap(ExecutionRecord rec, StateMachineDefinition def, BranchRecord b, MapState map, JsonNode? input)
    {
        var effective = ApplyInputPath(map, input);
        var itemsNode = map.ItemsPath.IsNull ? effective : Select(map.ItemsPath.Path!, effective, "ItemsPath");
        if (itemsNode is not JsonArray items)
        {
            throw new StateFailure(ErrorNames.Runtime,
                $"Map state '{map.Name}': ItemsPath '{map.ItemsPath.Path?.Text ?? "$"}' must select a JSON array, not {JsonValues.Kind(itemsNode)}");
        }
        var context = Context(rec, b, map);
        b.PendingItems = [];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            JsonNode? itemInput;
            if (map.ItemSelector is not null)
            {
                var itemContext = (JsonObject)context.DeepClone();
                itemContext["Map"] = new JsonObject { ["Item"] = new JsonObject { ["Index"] = i, ["Value"] = item?.DeepClone() } };
                itemInput = EvaluateTemplate(map.ItemSelector, effective, itemContext, ErrorNames.ParameterPathFailure);
            }
            else
            {
                itemInput = item?.DeepClone();
            }
            b.PendingItems.Add(JsonValues.ToJson(itemInput));
        }
        b.MaxConcurrency = map.MaxConcurrencyPath is { } mcp ? NonNegativeInt(Select(mcp, effective, "MaxConcurrencyPath"), "MaxConcurrencyPath") : map.MaxConcurrency;
        b.ToleratedFailureCount = map.ToleratedFailureCountPath is { } tcp
            ? NonNegativeInt(Select(tcp, effective, "ToleratedFailureCountPath"), "ToleratedFailureCountPath")
            : map.ToleratedFailureCount;
        b.ToleratedFailurePercentage = map.ToleratedFailurePercentagePath is { } tpp
            ? JsonValues.TryGetDouble(Select(tpp, effective, "ToleratedFailurePercentagePath"), out var pct) && pct is >= 0 and <= 100
                ? pct
                : throw new StateFailure(ErrorNames.Runtime, "ToleratedFailurePercentagePath must point to a number from 0 to 100")
            : map.ToleratedFailurePercentage;
        b.NextItem = 0;
        b.ChildIds = [];
        b.Phase = BranchPhase.AwaitingBranches;
        Emit(rec, b, "MapStateStarted", "mapStateStartedEventDetails", new JsonObject { ["length"] = items.Count });
        if (items.Count == 0)
        {
            FinishMap(rec, def, b, map);
            return;
        }
        StartMoreItems(rec, b, map);
    }

    private static int NonNegativeInt(JsonNode? node, string field)
        => JsonValues.TryGetNumber(node, out var d) && d >= 0 && d == Math.Floor(d) && d <= int.MaxValue
            ? (int)d
            : throw new StateFailure(ErrorNames.Runtime, $"{field} must point to a non-negative integer");

    private void StartMoreItems(ExecutionRecord rec, BranchRecord b, MapState map)
    {
        var running = b.ChildIds.Count(id => rec.Branches[id].Phase is not (BranchPhase.Succeeded or BranchPhase.Failed or BranchPhase.Aborted));
        while (b.NextItem < b.PendingItems.Count && (b.MaxConcurrency == 0 || running < b.MaxConcurrency))
        {
            var index = b.NextItem++;
            var child = NewBranch(rec, map.Processor.Key, map.Processor.StartAt, b.PendingItems[index], b.Id, index);
            b.ChildIds.Add(child.Id);
            Emit(rec, b, "MapIterationStarted", "mapIterationStartedEventDetails", new JsonObject { ["name"] = map.Name, ["index"] = index });
            running++;
        }
    }

    private void PrepareTask(ExecutionRecord rec, BranchRecord b, TaskState task, JsonNode? input, List<PendingInvocation> invocations)
    {
        var name = TaskResourceName.TryParse(task.Resource)!;
        var resource = registry.Find(name) ?? throw new StateFailure(ErrorNames.Runtime, $"No local implementation for the resource '{task.Resource}'");
        var effective = ApplyInputPath(task, input);
        var context = Context(rec, b, task);
        string? tokenHash = null;
        if (name.Pattern == IntegrationPattern.WaitForTaskToken)
        {
            var token = TaskTokens.NewToken();
            tokenHash = TaskTokens.Hash(token);
            context["Task"] = new JsonObject { ["Token"] = token };
        }
        var parameters = task.Parameters is not null
            ? EvaluateTemplate(task.Parameters, effective, context, ErrorNames.ParameterPathFailure)
            : effective;
        var timeout = task.TimeoutSecondsPath is { } tsp ? PositiveSeconds(Select(tsp, effective, "TimeoutSecondsPath"), "TimeoutSecondsPath") : task.TimeoutSeconds;
        var heartbeat = task.HeartbeatSecondsPath is { } hsp ? PositiveSeconds(Select(hsp, effective, "HeartbeatSecondsPath"), "HeartbeatSecondsPath") : task.HeartbeatSeconds;
        b.ResourceType = name.IsLambdaFunctionArn ? null : name.Service;
        b.ResourceName = name.IsLambdaFunctionArn ? name.Resource : name.HistoryResource;
        var now = clock.GetUtcNow();
        b.TimeoutAt = timeout is { } t ? now.AddSeconds(t) : null;
        b.HeartbeatSeconds = heartbeat;
        b.HeartbeatAt = heartbeat is { } h ? now.AddSeconds(h) : null;
        // The history is persisted in the state directory: it shows where the token went, never the token itself.
        var parametersText = JsonValues.ToJson(parameters);
        if (context["Task"]?["Token"] is JsonValue tokenValue)
        {
            parametersText = parametersText.Replace(tokenValue.GetValue<string>(), RedactedToken, StringComparison.Ordinal);
        }
        if (name.IsLambdaFunctionArn)
        {
            var details = new JsonObject { ["resource"] = name.Resource, ["input"] = parametersText, ["inputDetails"] = NotTruncated() };
            if (timeout is { } ts)
            {
                details["timeoutInSeconds"] = ts;
            }
            Emit(rec, b, "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", details);
            Emit(rec, b, "LambdaFunctionStarted", null, null);
        }
        else
        {
            var details = new JsonObject
            {
                ["resourceType"] = name.Service, ["resource"] = name.HistoryResource, ["region"] = Region,
                ["parameters"] = parametersText,
            };
            if (timeout is { } ts)
            {
                details["timeoutInSeconds"] = ts;
            }
            if (heartbeat is { } hs)
            {
                details["heartbeatInSeconds"] = hs;
            }
            Emit(rec, b, "TaskScheduled", "taskScheduledEventDetails", details);
            Emit(rec, b, "TaskStarted", "taskStartedEventDetails", new JsonObject { ["resourceType"] = name.Service, ["resource"] = name.HistoryResource });
        }
        var request = new TaskRequest(name, parameters, rec.ExecutionArn, task.Name, timeout);
        invocations.Add(new PendingInvocation(b, task, name, resource, request, tokenHash));
    }

    private static int PositiveSeconds(JsonNode? node, string field)
        => JsonValues.TryGetNumber(node, out var d) && d > 0 && d == Math.Floor(d) && d <= int.MaxValue
            ? (int)d
            : throw new StateFailure(ErrorNames.Runtime, $"{field} must point to a positive integer");

    private async Task<TaskOutcome> InvokeAsync(PendingInvocation invocation, CancellationToken cancellationToken)
    {
        using var timeout = invocation.Request.TimeoutSeconds is { } seconds
            ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds), clock)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await invocation.Resource.RunAsync(invocation.Request, host, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new TaskOutcome.Failed(ErrorNames.Timeout, $"The task did not complete within {invocation.Request.TimeoutSeconds} seconds (TimeoutSeconds)");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A resource that throws is a failed task, never a crashed engine.
            return new TaskOutcome.Failed(ErrorNames.TaskFailed, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private void ApplyOutcome(ExecutionRecord rec, StateMachineDefinition def, PendingInvocation invocation, TaskOutcome outcome)
    {
        var b = invocation.Branch;
        var task = invocation.State;
        switch (outcome)
        {
            case TaskOutcome.Failed failed:
                if (failed.Error == ErrorNames.Timeout)
                {
                    EmitTaskEvent(rec, b, "TimedOut", new JsonObject { ["error"] = failed.Error, ["cause"] = failed.Cause });
                }
                else
                {
                    EmitTaskEvent(rec, b, "Failed", new JsonObject { ["error"] = failed.Error, ["cause"] = failed.Cause });
                }
                StateError(rec, def, b, task, failed.Error, failed.Cause);
                break;
            case TaskOutcome.ChildExecutionStarted child:
                b.ChildExecutionArn = child.ExecutionArn;
                b.Phase = BranchPhase.AwaitingChildExecution;
                break;
            case TaskOutcome.Succeeded succeeded when invocation.TokenHash is { } hash:
                Emit(rec, b, "TaskSubmitted", "taskSubmittedEventDetails", new JsonObject
                {
                    ["resourceType"] = invocation.Name.Service, ["resource"] = invocation.Name.HistoryResource,
                    ["output"] = JsonValues.ToJson(succeeded.Output), ["outputDetails"] = NotTruncated(),
                });
                b.TokenHash = hash;
                b.Phase = BranchPhase.AwaitingCallback;
                indexToken(hash, rec.ExecutionArn);
                break;
            case TaskOutcome.Succeeded succeeded:
            {
                var text = JsonValues.ToJson(succeeded.Output);
                EmitTaskEvent(rec, b, "Succeeded", new JsonObject { ["output"] = text, ["outputDetails"] = NotTruncated() });
                TaskResult(rec, def, b, task, succeeded.Output);
                break;
            }
        }
    }

    /// <summary>ResultSelector, ResultPath, OutputPath on a task's result; then the transition.</summary>
    private void TaskResult(ExecutionRecord rec, StateMachineDefinition def, BranchRecord b, TaskState task, JsonNode? result)
    {
        b.TimeoutAt = null;
        b.HeartbeatAt = null;
        StateResult(rec, def, b, task, task.ResultSelector, task.ResultPath, result);
    }

    private void StateResult(ExecutionRecord rec, StateMachineDefinition def, BranchRecord b, StateDefinition state,
        PayloadTemplate? resultSelector, PathField resultPath, JsonNode? result)
    {
        try
        {
            if (JsonValues.Utf8Size(result) > MaxPayloadBytes)
            {
                throw new StateFailure(ErrorNames.DataLimitExceeded,
                    $"The state/task '{state.Name}' returned a result with a size exceeding the maximum number of bytes service limit.");
            }
            var selected = resultSelector is not null ? EvaluateTemplate(resultSelector, result, Context(rec, b, state), ErrorNames.Runtime) : result;
            var output = ApplyResultPath(resultPath, Parse(b.Input), selected);
            ExitWithOutput(rec, def, b, state, ApplyOutputPath(state, output));
        }
        catch (StateFailure failure)
        {
            StateError(rec, def, b, state, failure.Error, failure.Cause);
        }
    }

    private void ExitWithOutput(ExecutionRecord rec, StateMachineDefinition def, BranchRecord b, StateDefinition state, JsonNode? output)
    {
        var text = JsonValues.ToJson(output);
        Emit(rec, b, $"{state.Type}StateExited", "stateExitedEventDetails", Exited(state.Name, text));
        Leave(rec, def, b, state, output);
    }

    private void Leave(ExecutionRecord rec, StateMachineDefinition def, BranchRecord b, StateDefinition state, JsonNode? output)
    {
        if (JsonValues.Utf8Size(output) > MaxPayloadBytes)
        {
            BranchFailed(rec, def, b, ErrorNames.DataLimitExceeded,
                $"The state/task '{state.Name}' has an output with a size exceeding the maximum number of bytes service limit.");
            return;
        }
        if (state.End)
        {
            BranchSucceeded(rec, def, b, output);
        }
        else
        {
            MoveTo(b, state.Next!, output);
        }
    }

    private static void MoveTo(BranchRecord b, string next, JsonNode? input)
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

    /// <summary>An error in a state: its retriers first (first match only), then its catchers, else the branch fails.</summary>
    private void StateError(ExecutionRecord rec, StateMachineDefinition def, BranchRecord b, StateDefinition state, string error, string cause)
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
            if (used < retrier.MaxAttempts)
            {
                var delay = retrier.IntervalSeconds * Math.Pow(retrier.BackoffRate, used);
                if (retrier.MaxDelaySeconds is { } max)
                {
                    delay = Math.Min(delay, max);
                }
                if (retrier.JitterStrategy == "FULL")
                {
                    delay = intrinsics.RandomFor(null).NextDouble() * delay;
                }
                b.RetryCounts[i] = used + 1;
                b.RetryCount++;
                b.DueAt = clock.GetUtcNow().AddSeconds(delay);
                b.Phase = BranchPhase.RetryBackoff;
                return;
            }
            break;
        }
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
                next = ApplyResultPath(catcher.ResultPath, Parse(b.Input), errorOutput);
            }
            catch (StateFailure failure)
            {
                BranchFailed(rec, def, b, failure.Error, failure.Cause);
                return;
            }
            Emit(rec, b, $"{state.Type}StateExited", "stateExitedEventDetails", Exited(state.Name, JsonValues.ToJson(next)));
            MoveTo(b, catcher.Next, next);
            return;
        }
        BranchFailed(rec, def, b, error, cause);
    }

    private void BranchSucceeded(ExecutionRecord rec, StateMachineDefinition def, BranchRecord b, JsonNode? output)
    {
        b.Phase = BranchPhase.Succeeded;
        b.Output = JsonValues.ToJson(output);
        if (b.ParentId is null)
        {
            Finish(rec, ExecutionStatus.Succeeded, b.Output, null, null);
            Emit(rec, b, "ExecutionSucceeded", "executionSucceededEventDetails",
                new JsonObject { ["output"] = b.Output, ["outputDetails"] = NotTruncated() });
            return;
        }
        var parent = rec.Branches[b.ParentId];
        var parentState = def.Scope(parent.ScopeKey).States[parent.State];
        if (parentState is MapState map)
        {
            Emit(rec, parent, "MapIterationSucceeded", "mapIterationSucceededEventDetails", new JsonObject { ["name"] = map.Name, ["index"] = b.Index });
            StartMoreItems(rec, parent, map);
            if (parent.ChildIds.All(id => rec.Branches[id].Phase is BranchPhase.Succeeded or BranchPhase.Failed) && parent.NextItem >= parent.PendingItems.Count)
            {
                FinishMap(rec, def, parent, map);
            }
        }
        else if (parentState is ParallelState parallel && parent.ChildIds.All(id => rec.Branches[id].Phase == BranchPhase.Succeeded))
        {
            Emit(rec, parent, "ParallelStateSucceeded", null, null);
            var results = new JsonArray(parent.ChildIds.Select(id => Parse(rec.Branches[id].Output!)).ToArray());
            StateResult(rec, def, parent, parallel, parallel.ResultSelector, parallel.ResultPath, results);
        }
    }

    private void FinishMap(ExecutionRecord rec, StateMachineDefinition def, BranchRecord parent, MapState map)
    {
        Emit(rec, parent, "MapStateSucceeded", null, null);
        // Items that failed within the tolerated threshold contribute their error output {Error, Cause}.
        var results = new JsonArray(parent.ChildIds.Select(id => rec.Branches[id]).OrderBy(c => c.Index)
            .Select(c => c.Phase == BranchPhase.Succeeded ? Parse(c.Output!) : new JsonObject { ["Error"] = c.Error, ["Cause"] = c.Cause })
            .ToArray());
        StateResult(rec, def, parent, map, map.ResultSelector, map.ResultPath, results);
    }

    private void BranchFailed(ExecutionRecord rec, StateMachineDefinition def, BranchRecord b, string error, string cause)
    {
        b.Phase = BranchPhase.Failed;
        b.Error = error;
        b.Cause = cause;
        if (b.ParentId is null)
        {
            Finish(rec, ExecutionStatus.Failed, null, error, cause);
            Emit(rec, b, "ExecutionFailed", "executionFailedEventDetails", new JsonObject { ["error"] = error, ["cause"] = cause });
            return;
        }
        var parent = rec.Branches[b.ParentId];
        var parentState = def.Scope(parent.ScopeKey).States[parent.State];
        if (parentState is MapState map)
        {
            Emit(rec, parent, "MapIterationFailed", "mapIterationFailedEventDetails", new JsonObject { ["name"] = map.Name, ["index"] = b.Index });
            var failures = parent.ChildIds.Count(id => rec.Branches[id].Phase == BranchPhase.Failed);
            var total = parent.PendingItems.Count;
            var tolerant = parent.ToleratedFailureCount is not null || parent.ToleratedFailurePercentage is not null;
            var exceeded = !tolerant
                || (parent.ToleratedFailureCount is { } count && failures > count)
                || (parent.ToleratedFailurePercentage is { } pct && failures * 100.0 / total > pct);
            if (!exceeded)
            {
                StartMoreItems(rec, parent, map);
                if (parent.ChildIds.All(id => rec.Branches[id].Phase is BranchPhase.Succeeded or BranchPhase.Failed) && parent.NextItem >= total)
                {
                    FinishMap(rec, def, parent, map);
                }
                return;
            }
            AbortChildren(rec, parent);
            Emit(rec, parent, "MapStateFailed", null, null);
            if (tolerant)
            {
                StateError(rec, def, parent, map, ErrorNames.ExceedToleratedFailureThreshold,
                    $"The specified tolerated failure threshold was exceeded ({failures} of {total} items failed)");
            }
            else
            {
                StateError(rec, def, parent, map, error, cause);
            }
        }
        else if (parentState is ParallelState parallel)
        {
            // One failed branch fails the Parallel state and stops the other branches.
            AbortChildren(rec, parent);
            Emit(rec, parent, "ParallelStateFailed", null, null);
            StateError(rec, def, parent, parallel, error, cause);
        }
    }

    private void AbortChildren(ExecutionRecord rec, BranchRecord parent)
    {
        foreach (var id in parent.ChildIds)
        {
            var child = rec.Branches[id];
            if (child.Phase is not (BranchPhase.Succeeded or BranchPhase.Failed or BranchPhase.Aborted))
            {
                Abort(rec, child);
                if (parent.PendingItems.Count > 0)
                {
                    Emit(rec, parent, "MapIterationAborted", "mapIterationAbortedEventDetails", new JsonObject { ["name"] = parent.State, ["index"] = child.Index });
                }
            }
        }
        parent.NextItem = parent.PendingItems.Count;
    }

    private void Abort(ExecutionRecord rec, BranchRecord b)
    {
        if (b.Phase is BranchPhase.AwaitingCallback)
        {
            CloseToken(rec, b);
        }
        if (b.Phase is BranchPhase.AwaitingChildExecution && b.ChildExecutionArn is { } childExecution)
        {
            rec.ChildExecutionsToStop.Add(childExecution);
        }
        b.Phase = BranchPhase.Aborted;
        foreach (var id in b.ChildIds)
        {
            var child = rec.Branches[id];
            if (child.Phase is not (BranchPhase.Succeeded or BranchPhase.Failed or BranchPhase.Aborted))
            {
                Abort(rec, child);
            }
        }
    }

    private static void CloseToken(ExecutionRecord rec, BranchRecord b)
    {
        if (b.TokenHash is { } hash && !rec.ClosedTokenHashes.Contains(hash))
        {
            rec.ClosedTokenHashes.Add(hash);
        }
        b.TokenHash = null;
    }

    private void Finish(ExecutionRecord rec, string status, string? output, string? error, string? cause)
    {
        rec.Status = status;
        rec.StopDate = clock.GetUtcNow();
        rec.Output = output;
        rec.Error = error;
        rec.Cause = cause;
        foreach (var b in rec.Branches.Values.Where(b => b.Phase is BranchPhase.AwaitingCallback or BranchPhase.AwaitingChildExecution).ToList())
        {
            Abort(rec, b);
        }
    }

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

    private JsonObject Context(ExecutionRecord rec, BranchRecord b, StateDefinition state)
    {
        var smName = rec.StateMachineArn[(rec.StateMachineArn.LastIndexOf(':') + 1)..];
        return new JsonObject
        {
            ["Execution"] = new JsonObject
            {
                ["Id"] = rec.ExecutionArn,
                ["Input"] = Parse(rec.Input),
                ["Name"] = rec.Name,
                ["RoleArn"] = "arn:aws:iam::123456789012:role/local-stepfunctions",
                ["StartTime"] = Iso(rec.StartDate),
                ["RedriveCount"] = 0,
            },
            ["State"] = new JsonObject
            {
                ["EnteredTime"] = Iso(b.EnteredTime),
                ["Name"] = state.Name,
                ["RetryCount"] = b.RetryCount,
            },
            ["StateMachine"] = new JsonObject { ["Id"] = rec.StateMachineArn, ["Name"] = smName },
        };
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static JsonNode? ApplyInputPath(StateDefinition state, JsonNode? input)
        => state.InputPath.IsNull ? new JsonObject() : Select(state.InputPath.Path!, input, "InputPath");

    private static JsonNode? ApplyOutputPath(StateDefinition state, JsonNode? output)
        => state.OutputPath.IsNull ? new JsonObject() : Select(state.OutputPath.Path!, output, "OutputPath");

    private static JsonNode? ApplyResultPath(PathField resultPath, JsonNode? input, JsonNode? result)
    {
        if (resultPath.IsNull)
        {
            return input;
        }
        try
        {
            return ResultPathWriter.Apply(input, result, resultPath.Path!);
        }
        catch (ResultPathMatchException ex)
        {
            throw new StateFailure(ErrorNames.ResultPathMatchFailure, ex.Message);
        }
    }

    private static JsonNode? Select(JsonPath path, JsonNode? input, string field)
    {
        try
        {
            return path.Select(input);
        }
        catch (JsonPathNoMatchException)
        {
            throw new StateFailure(ErrorNames.Runtime,
                $"Invalid path '{path.Text}' : No results for path: $['{string.Join("']['", path.Text.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))}'] ({field})");
        }
    }

    private static string? SelectString(JsonPath path, JsonNode? input, string field)
    {
        var value = Select(path, input, field);
        return JsonValues.TryGetString(value, out var s) ? s : throw new StateFailure(ErrorNames.Runtime, $"{field} '{path.Text}' must point to a string");
    }

    private JsonNode? EvaluateTemplate(PayloadTemplate template, JsonNode? input, JsonNode context, string pathError)
    {
        try
        {
            return template.Evaluate(input, context, intrinsics);
        }
        catch (PayloadPathException ex)
        {
            throw new StateFailure(pathError, ex.Message);
        }
        catch (IntrinsicFailureException ex)
        {
            throw new StateFailure(ErrorNames.IntrinsicFailure, ex.Message);
        }
    }

    private void EmitTaskEvent(ExecutionRecord rec, BranchRecord b, string outcome, JsonObject details)
    {
        if (b.ResourceType is null)
        {
            // A plain Lambda function ARN reports LambdaFunction* events.
            var key = outcome switch
            {
                "Succeeded" => "lambdaFunctionSucceededEventDetails",
                "Failed" => "lambdaFunctionFailedEventDetails",
                _ => "lambdaFunctionTimedOutEventDetails",
            };
            Emit(rec, b, $"LambdaFunction{outcome}", key, details);
            return;
        }
        details["resourceType"] = b.ResourceType;
        details["resource"] = b.ResourceName;
        var taskKey = outcome switch
        {
            "Succeeded" => "taskSucceededEventDetails",
            "Failed" => "taskFailedEventDetails",
            _ => "taskTimedOutEventDetails",
        };
        Emit(rec, b, $"Task{outcome}", taskKey, details);
    }

    private void Emit(ExecutionRecord rec, BranchRecord b, string type, string? detailsKey, JsonObject? details)
    {
        var id = rec.Events.Count + 1;
        rec.Events.Add(new HistoryEvent(id, b.LastEventId, clock.GetUtcNow(), type, detailsKey, details));
        b.LastEventId = id;
    }

    private static JsonObject Exited(string name, string? output)
        => new() { ["name"] = name, ["output"] = output, ["outputDetails"] = NotTruncated() };

    private static JsonObject NotTruncated() => new() { ["truncated"] = false };

    private static JsonNode? Parse(string json)
    {
        try
        {
            return JsonValues.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new StateFailure(ErrorNames.Runtime, $"Invalid JSON: {ex.Message}");
        }
    }
}

/// <summary>A state failed with an error name and cause (caught by the runner, fed to Retry/Catch).</summary>
internal sealed class StateFailure(string error, string cause) : Exception(cause)
{
    public string Error { get; } = error;

    public string Cause { get; } = cause;
}
