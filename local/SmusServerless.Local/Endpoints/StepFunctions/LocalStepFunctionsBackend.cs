using SmusServerless.Local.StepFunctions;

namespace SmusServerless.Local.Endpoints.StepFunctions;

/// <summary>
/// The Step Functions endpoint's operations served by the local ASL engine, so that task-token callbacks, starts and
/// history reads arrive over the real awsJson1_0 wire protocol and reach the same executions the engine runs.
/// </summary>
public sealed class LocalStepFunctionsBackend(LocalStepFunctions engine) : IStepFunctionsBackend
{
    public Task SendTaskSuccessAsync(SendTaskSuccessRequest request, CancellationToken cancellationToken) =>
        Translate(() => engine.SendTaskSuccessAsync(request.TaskToken, request.Output, cancellationToken));

    public Task SendTaskFailureAsync(SendTaskFailureRequest request, CancellationToken cancellationToken) =>
        Translate(() => engine.SendTaskFailureAsync(request.TaskToken, request.Error, request.Cause, cancellationToken));

    public Task SendTaskHeartbeatAsync(SendTaskHeartbeatRequest request, CancellationToken cancellationToken) =>
        Translate(() => engine.SendTaskHeartbeatAsync(request.TaskToken, cancellationToken));

    public async Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken)
    {
        var started = await Translate(() => engine.StartExecutionAsync(request.StateMachineArn, request.Name, request.Input, cancellationToken)).ConfigureAwait(false);
        return new StartExecutionResponse(started.ExecutionArn, started.StartDate);
    }

    public async Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken)
    {
        var execution = await Translate(() => Task.FromResult(engine.DescribeExecution(request.ExecutionArn))).ConfigureAwait(false);
        return new DescribeExecutionResponse(execution.ExecutionArn, execution.StateMachineArn, execution.Name, execution.Status,
            execution.StartDate, execution.StopDate, execution.Input, execution.Output, execution.Error, execution.Cause);
    }

    public async Task<GetExecutionHistoryResponse> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken)
    {
        var page = await Translate(() => Task.FromResult(engine.GetExecutionHistory(request.ExecutionArn, request.MaxResults, request.NextToken,
            request.ReverseOrder, request.IncludeExecutionData))).ConfigureAwait(false);
        return new GetExecutionHistoryResponse([.. page.Events.Select(e => e.ToWireJson())], page.NextToken);
    }

    private static async Task Translate(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (StepFunctionsException e)
        {
            throw new StepFunctionsServiceException(e.ErrorCode, e.Message);
        }
    }

    private static async Task<T> Translate<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (StepFunctionsException e)
        {
            throw new StepFunctionsServiceException(e.ErrorCode, e.Message);
        }
    }
}
