using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Definition;
using SmusServerless.Local.StepFunctions.Json;
using SmusServerless.Local.StepFunctions.Tasks;

namespace SmusServerless.Local.StepFunctions.Execution;

/// <summary>
/// Task states: preparing the request (Parameters, task token, TimeoutSeconds/HeartbeatSeconds), running the
/// resource, and turning its outcome into a result, a failure, a wait for a callback or for a child execution.
/// </summary>
internal sealed class TaskSteps(ExecutionSession run)
{
    private const string Region = "us-east-1";

    public void Prepare(BranchRecord b, TaskState task, JsonNode? input, List<PendingInvocation> invocations)
    {
        var rec = run.Record;
        var name = TaskResourceName.TryParse(task.Resource)!;
        var resource = run.Services.Registry.Find(name)
            ?? throw new StateFailure(ErrorNames.Runtime, $"No local implementation for the resource '{task.Resource}'");
        var effective = StatePaths.ApplyInputPath(task, input);
        var context = run.Paths.Context(b, task);
        string? tokenHash = null;
        if (name.Pattern == IntegrationPattern.WaitForTaskToken)
        {
            var token = TaskTokens.NewToken();
            tokenHash = TaskTokens.Hash(token);
            context["Task"] = new JsonObject { ["Token"] = token };
        }
        var parameters = task.Parameters is not null
            ? run.Paths.EvaluateTemplate(task.Parameters, effective, context, ErrorNames.ParameterPathFailure)
            : effective;
        var timeout = task.TimeoutSecondsPath is { } tsp
            ? PositiveSeconds(StatePaths.Select(tsp, effective, "TimeoutSecondsPath"), "TimeoutSecondsPath")
            : task.TimeoutSeconds;
        var heartbeat = task.HeartbeatSecondsPath is { } hsp
            ? PositiveSeconds(StatePaths.Select(hsp, effective, "HeartbeatSecondsPath"), "HeartbeatSecondsPath")
            : task.HeartbeatSeconds;
        b.ResourceType = name.IsLambdaFunctionArn ? null : name.Service;
        b.ResourceName = name.IsLambdaFunctionArn ? name.Resource : name.HistoryResource;
        var now = run.Now;
        b.TimeoutAt = timeout is { } t ? now.AddSeconds(t) : null;
        b.HeartbeatSeconds = heartbeat;
        b.HeartbeatAt = heartbeat is { } h ? now.AddSeconds(h) : null;
        // The history is persisted in the state directory: it shows where the token went, never the token itself.
        var parametersText = JsonValues.ToJson(parameters);
        if (context["Task"]?["Token"] is JsonValue tokenValue)
        {
            parametersText = parametersText.Replace(tokenValue.GetValue<string>(), ExecutionRunner.RedactedToken, StringComparison.Ordinal);
        }
        EmitScheduled(b, name, parametersText, timeout, heartbeat);
        var request = new TaskRequest(name, parameters, rec.ExecutionArn, task.Name, timeout);
        invocations.Add(new PendingInvocation(b, task, name, resource, request, tokenHash));
    }

    /// <summary>Runs the resource; its TimeoutSeconds runs on the engine clock, and a throwing resource is a failed task.</summary>
    public async Task<TaskOutcome> InvokeAsync(PendingInvocation invocation, CancellationToken cancellationToken)
    {
        using var timeout = invocation.Request.TimeoutSeconds is { } seconds
            ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds), run.Services.Clock)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await invocation.Resource.RunAsync(invocation.Request, run.Services.Host, linked.Token).ConfigureAwait(false);
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

    public void ApplyOutcome(PendingInvocation invocation, TaskOutcome outcome)
    {
        var b = invocation.Branch;
        var task = invocation.State;
        switch (outcome)
        {
            case TaskOutcome.Failed failed:
                var kind = failed.Error == ErrorNames.Timeout ? "TimedOut" : "Failed";
                run.History.TaskEvent(b, kind, new JsonObject { ["error"] = failed.Error, ["cause"] = failed.Cause });
                run.Errors.Handle(b, task, failed.Error, failed.Cause);
                break;
            case TaskOutcome.ChildExecutionStarted child:
                b.ChildExecutionArn = child.ExecutionArn;
                b.Phase = BranchPhase.AwaitingChildExecution;
                break;
            case TaskOutcome.Succeeded succeeded when invocation.TokenHash is { } hash:
                // .waitForTaskToken: the call went out; the result comes later with SendTaskSuccess/Failure.
                run.History.Emit(b, "TaskSubmitted", "taskSubmittedEventDetails", new JsonObject
                {
                    ["resourceType"] = invocation.Name.Service, ["resource"] = invocation.Name.HistoryResource,
                    ["output"] = JsonValues.ToJson(succeeded.Output), ["outputDetails"] = ExecutionHistory.NotTruncated(),
                });
                b.TokenHash = hash;
                b.Phase = BranchPhase.AwaitingCallback;
                run.Services.IndexToken(hash, run.Record.ExecutionArn);
                break;
            case TaskOutcome.Succeeded succeeded:
            {
                var text = JsonValues.ToJson(succeeded.Output);
                run.History.TaskEvent(b, "Succeeded", new JsonObject { ["output"] = text, ["outputDetails"] = ExecutionHistory.NotTruncated() });
                Result(b, task, succeeded.Output);
                break;
            }
        }
    }

    /// <summary>A task's result: its deadlines end, then ResultSelector, ResultPath, OutputPath and the transition.</summary>
    public void Result(BranchRecord b, TaskState task, JsonNode? result)
    {
        b.TimeoutAt = null;
        b.HeartbeatAt = null;
        run.Lifecycle.StateResult(b, task, task.ResultSelector, task.ResultPath, result);
    }

    private void EmitScheduled(BranchRecord b, TaskResourceName name, string parametersText, int? timeout, int? heartbeat)
    {
        if (name.IsLambdaFunctionArn)
        {
            var details = new JsonObject { ["resource"] = name.Resource, ["input"] = parametersText, ["inputDetails"] = ExecutionHistory.NotTruncated() };
            if (timeout is { } ts)
            {
                details["timeoutInSeconds"] = ts;
            }
            run.History.Emit(b, "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", details);
            run.History.Emit(b, "LambdaFunctionStarted", null, null);
            return;
        }
        var scheduled = new JsonObject
        {
            ["resourceType"] = name.Service, ["resource"] = name.HistoryResource, ["region"] = Region,
            ["parameters"] = parametersText,
        };
        if (timeout is { } seconds)
        {
            scheduled["timeoutInSeconds"] = seconds;
        }
        if (heartbeat is { } hs)
        {
            scheduled["heartbeatInSeconds"] = hs;
        }
        run.History.Emit(b, "TaskScheduled", "taskScheduledEventDetails", scheduled);
        run.History.Emit(b, "TaskStarted", "taskStartedEventDetails", new JsonObject { ["resourceType"] = name.Service, ["resource"] = name.HistoryResource });
    }

    private static int PositiveSeconds(JsonNode? node, string field)
        => JsonValues.TryGetNumber(node, out var d) && d > 0 && d == Math.Floor(d) && d <= int.MaxValue
            ? (int)d
            : throw new StateFailure(ErrorNames.Runtime, $"{field} must point to a positive integer");
}
