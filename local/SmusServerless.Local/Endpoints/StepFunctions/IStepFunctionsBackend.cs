using SmusServerless.Aws.StepFunctions;

namespace SmusServerless.Local.Endpoints.StepFunctions;

/// <summary>
/// What the local Step Functions endpoint delegates to (the ASL engine implements it), in the generated shapes of
/// <c>stepfunctions/service-2.json</c> (SmusServerless.Aws.Wire). Requests arrive validated against the model;
/// failures are reported by throwing <see cref="StepFunctionsServiceException"/> with the modelled error name
/// (TaskDoesNotExist, InvalidToken, TaskTimedOut, ExecutionDoesNotExist, ...).
/// </summary>
public interface IStepFunctionsBackend
{
    Task<SendTaskSuccessOutput> SendTaskSuccessAsync(SendTaskSuccessInput request, CancellationToken cancellationToken);

    Task<SendTaskFailureOutput> SendTaskFailureAsync(SendTaskFailureInput request, CancellationToken cancellationToken);

    Task<SendTaskHeartbeatOutput> SendTaskHeartbeatAsync(SendTaskHeartbeatInput request, CancellationToken cancellationToken);

    Task<StartExecutionOutput> StartExecutionAsync(StartExecutionInput request, CancellationToken cancellationToken);

    Task<DescribeExecutionOutput> DescribeExecutionAsync(DescribeExecutionInput request, CancellationToken cancellationToken);

    Task<GetExecutionHistoryOutput> GetExecutionHistoryAsync(GetExecutionHistoryInput request, CancellationToken cancellationToken);
}

/// <summary>A modelled Step Functions error, e.g. <c>new StepFunctionsServiceException("TaskDoesNotExist", "...")</c>.</summary>
public sealed class StepFunctionsServiceException(string errorCode, string message) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;
}
