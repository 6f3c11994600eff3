using SmusServerless.Aws.StepFunctions;
using SmusServerless.Local.Endpoints.StepFunctions;

namespace SmusServerless.Local.Tests.Endpoints;

/// <summary>A tiny stand-in for the ASL engine: executions that wait on one task token each.</summary>
public sealed class InMemoryStepFunctionsBackend(TimeProvider clock) : IStepFunctionsBackend
{
    private readonly Dictionary<string, DescribeExecutionOutput> _executions = new();
    private readonly Dictionary<string, string> _tokens = new();

    public string TokenOf(string executionArn) => _tokens.First(t => t.Value == executionArn).Key;

    public Task<SendTaskSuccessOutput> SendTaskSuccessAsync(SendTaskSuccessInput request, CancellationToken cancellationToken)
    {
        var arn = Take(request.TaskToken!);
        _executions[arn] = _executions[arn] with { Status = "SUCCEEDED", Output = request.Output, StopDate = clock.GetUtcNow() };
        return Task.FromResult(new SendTaskSuccessOutput());
    }

    public Task<SendTaskFailureOutput> SendTaskFailureAsync(SendTaskFailureInput request, CancellationToken cancellationToken)
    {
        var arn = Take(request.TaskToken!);
        _executions[arn] = _executions[arn] with { Status = "FAILED", Error = request.Error, Cause = request.Cause, StopDate = clock.GetUtcNow() };
        return Task.FromResult(new SendTaskFailureOutput());
    }

    public Task<SendTaskHeartbeatOutput> SendTaskHeartbeatAsync(SendTaskHeartbeatInput request, CancellationToken cancellationToken)
    {
        _ = _tokens.ContainsKey(request.TaskToken!) ? 0 : throw new StepFunctionsServiceException("TaskDoesNotExist", "Task does not exist.");
        return Task.FromResult(new SendTaskHeartbeatOutput());
    }

    public Task<StartExecutionOutput> StartExecutionAsync(StartExecutionInput request, CancellationToken cancellationToken)
    {
        var stateMachineArn = request.StateMachineArn!;
        if (!stateMachineArn.StartsWith("arn:aws:states:", StringComparison.Ordinal))
        {
            throw new StepFunctionsServiceException("InvalidArn", $"Invalid Arn: '{stateMachineArn}'");
        }

        var name = request.Name ?? Guid.NewGuid().ToString();
        var arn = stateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + name;
        if (_executions.ContainsKey(arn))
        {
            throw new StepFunctionsServiceException("ExecutionAlreadyExists", $"Execution Already Exists: '{arn}'");
        }

        var start = clock.GetUtcNow();
        _executions[arn] = new DescribeExecutionOutput
        {
            ExecutionArn = arn, StateMachineArn = stateMachineArn, Name = name, Status = "RUNNING", StartDate = start, Input = request.Input ?? "{}",
        };
        _tokens[Guid.NewGuid().ToString("N")] = arn;
        return Task.FromResult(new StartExecutionOutput { ExecutionArn = arn, StartDate = start });
    }

    public Task<DescribeExecutionOutput> DescribeExecutionAsync(DescribeExecutionInput request, CancellationToken cancellationToken) =>
        _executions.TryGetValue(request.ExecutionArn!, out var execution)
            ? Task.FromResult(execution)
            : throw new StepFunctionsServiceException("ExecutionDoesNotExist", $"Execution Does Not Exist: '{request.ExecutionArn}'");

    public Task<GetExecutionHistoryOutput> GetExecutionHistoryAsync(GetExecutionHistoryInput request, CancellationToken cancellationToken)
    {
        var execution = _executions.TryGetValue(request.ExecutionArn!, out var e)
            ? e
            : throw new StepFunctionsServiceException("ExecutionDoesNotExist", $"Execution Does Not Exist: '{request.ExecutionArn}'");
        var events = new List<HistoryEvent>
        {
            new() { Id = 1, Type = "ExecutionStarted", Timestamp = execution.StartDate, ExecutionStartedEventDetails = new() { Input = execution.Input, RoleArn = "arn:aws:iam::123456789012:role/sfn" } },
            new() { Id = 2, PreviousEventId = 1, Type = "TaskStateEntered", Timestamp = execution.StartDate, StateEnteredEventDetails = new() { Name = "WaitForApproval", Input = execution.Input } },
            new() { Id = 3, PreviousEventId = 2, Type = "TaskScheduled", Timestamp = execution.StartDate, TaskScheduledEventDetails = new() { ResourceType = "lambda", Resource = "invoke.waitForTaskToken", Region = "us-east-1", Parameters = "{}" } },
        };
        var offset = request.NextToken is null ? 0 : int.Parse(request.NextToken, System.Globalization.CultureInfo.InvariantCulture);
        var size = request.MaxResults is null or 0 ? 100 : request.MaxResults.Value;
        var page = events.Skip(offset).Take(size).ToList();
        return Task.FromResult(new GetExecutionHistoryOutput
        {
            Events = page,
            NextToken = offset + size < events.Count ? (offset + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        });
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
