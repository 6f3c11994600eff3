using SmusServerless.Aws.StepFunctions;
using SmusServerless.Local.StepFunctions;

namespace SmusServerless.Local.Endpoints.StepFunctions;

/// <summary>
/// The Step Functions endpoint's operations served by the local ASL engine, so that task-token callbacks, starts and
/// history reads arrive over the real awsJson1_0 wire protocol and reach the same executions the engine runs. Both
/// sides speak the generated shapes; this class only turns the engine's errors into the endpoint's.
/// </summary>
public sealed class LocalStepFunctionsBackend(LocalStepFunctions engine) : IStepFunctionsBackend
{
    public Task<SendTaskSuccessOutput> SendTaskSuccessAsync(SendTaskSuccessInput request, CancellationToken cancellationToken) =>
        Translate(() => engine.SendTaskSuccessAsync(request, cancellationToken));

    public Task<SendTaskFailureOutput> SendTaskFailureAsync(SendTaskFailureInput request, CancellationToken cancellationToken) =>
        Translate(() => engine.SendTaskFailureAsync(request, cancellationToken));

    public Task<SendTaskHeartbeatOutput> SendTaskHeartbeatAsync(SendTaskHeartbeatInput request, CancellationToken cancellationToken) =>
        Translate(() => engine.SendTaskHeartbeatAsync(request, cancellationToken));

    public Task<StartExecutionOutput> StartExecutionAsync(StartExecutionInput request, CancellationToken cancellationToken) =>
        Translate(() => engine.StartExecutionAsync(request, cancellationToken));

    public Task<DescribeExecutionOutput> DescribeExecutionAsync(DescribeExecutionInput request, CancellationToken cancellationToken) =>
        Translate(() => Task.FromResult(engine.DescribeExecution(request)));

    public Task<GetExecutionHistoryOutput> GetExecutionHistoryAsync(GetExecutionHistoryInput request, CancellationToken cancellationToken) =>
        Translate(() => Task.FromResult(engine.GetExecutionHistory(request)));

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
