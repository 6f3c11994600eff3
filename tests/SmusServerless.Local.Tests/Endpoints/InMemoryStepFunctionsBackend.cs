using System.Text.Json.Nodes;
using SmusServerless.Local.Endpoints.StepFunctions;

namespace SmusServerless.Local.Tests.Endpoints;

/// <summary>A tiny stand-in for the ASL engine: executions that wait on one task token each.</summary>
public sealed class InMemoryStepFunctionsBackend(TimeProvider clock) : IStepFunctionsBackend
{
    private readonly Dictionary<string, DescribeExecutionResponse> _executions = new();
    private readonly Dictionary<string, string> _tokens = new();

    public string TokenOf(string executionArn) => _tokens.First(t => t.Value == executionArn).Key;

    public Task SendTaskSuccessAsync(SendTaskSuccessRequest request, CancellationToken cancellationToken)
    {
        var arn = Take(request.TaskToken);
        _executions[arn] = _executions[arn] with { Status = "SUCCEEDED", Output = request.Output, StopDate = clock.GetUtcNow() };
        return Task.CompletedTask;
    }

    public Task SendTaskFailureAsync(SendTaskFailureRequest request, CancellationToken cancellationToken)
    {
        var arn = Take(request.TaskToken);
        _executions[arn] = _executions[arn] with { Status = "FAILED", Error = request.Error, Cause = request.Cause, StopDate = clock.GetUtcNow() };
        return Task.CompletedTask;
    }

    public Task SendTaskHeartbeatAsync(SendTaskHeartbeatRequest request, CancellationToken cancellationToken)
    {
        _ = _tokens.ContainsKey(request.TaskToken) ? 0 : throw new StepFunctionsServiceException("TaskDoesNotExist", "Task does not exist.");
        return Task.CompletedTask;
    }

    public Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken)
    {
        if (!request.StateMachineArn.StartsWith("arn:aws:states:", StringComparison.Ordinal))
        {
            throw new StepFunctionsServiceException("InvalidArn", $"Invalid Arn: '{request.StateMachineArn}'");
        }

        var name = request.Name ?? Guid.NewGuid().ToString();
        var arn = request.StateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + name;
        if (_executions.ContainsKey(arn))
        {
            throw new StepFunctionsServiceException("ExecutionAlreadyExists", $"Execution Already Exists: '{arn}'");
        }

        var start = clock.GetUtcNow();
        _executions[arn] = new DescribeExecutionResponse(arn, request.StateMachineArn, name, "RUNNING", start, Input: request.Input ?? "{}");
        _tokens[Guid.NewGuid().ToString("N")] = arn;
        return Task.FromResult(new StartExecutionResponse(arn, start));
    }

    public Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken) =>
        _executions.TryGetValue(request.ExecutionArn, out var execution)
            ? Task.FromResult(execution)
            : throw new StepFunctionsServiceException("ExecutionDoesNotExist", $"Execution Does Not Exist: '{request.ExecutionArn}'");

    public Task<GetExecutionHistoryResponse> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken)
    {
        var execution = _executions.TryGetValue(request.ExecutionArn, out var e)
            ? e
            : throw new StepFunctionsServiceException("ExecutionDoesNotExist", $"Execution Does Not Exist: '{request.ExecutionArn}'");
        var events = new List<JsonObject>
        {
            new() { ["id"] = 1, ["type"] = "ExecutionStarted", ["timestamp"] = execution.StartDate.ToString("O"), ["executionStartedEventDetails"] = new JsonObject { ["input"] = execution.Input, ["roleArn"] = "arn:aws:iam::123456789012:role/sfn" } },
            new() { ["id"] = 2, ["previousEventId"] = 1, ["type"] = "TaskStateEntered", ["timestamp"] = execution.StartDate.ToString("O"), ["stateEnteredEventDetails"] = new JsonObject { ["name"] = "WaitForApproval", ["input"] = execution.Input } },
            new() { ["id"] = 3, ["previousEventId"] = 2, ["type"] = "TaskScheduled", ["timestamp"] = execution.StartDate.ToString("O"), ["taskScheduledEventDetails"] = new JsonObject { ["resourceType"] = "lambda", ["resource"] = "invoke.waitForTaskToken", ["region"] = "us-east-1", ["parameters"] = "{}" } },
        };
        var offset = request.NextToken is null ? 0 : int.Parse(request.NextToken, System.Globalization.CultureInfo.InvariantCulture);
        var size = request.MaxResults is null or 0 ? 100 : request.MaxResults.Value;
        var page = events.Skip(offset).Take(size).ToList();
        return Task.FromResult(new GetExecutionHistoryResponse(page, offset + size < events.Count ? (offset + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
    }

    private string Take(string token)
    {
        if (!_tokens.Remove(token, out var arn))
        {
            throw new StepFunctionsServiceException("TaskDoesNotExist", "Task does not exist (unknown or already completed task token).");
        }

        return arn;
    }
}
