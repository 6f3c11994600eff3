using SmusServerless.Aws.Errors;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Aws.StepFunctions;

/// <summary>
/// The gate's Step Functions callbacks (SendTaskSuccess / SendTaskFailure) over the typed client. When Step Functions
/// says the task is no longer waiting (TaskDoesNotExist, TaskTimedOut, InvalidToken) the call fails with
/// <see cref="TaskNoLongerWaitingException"/>: the gate records the callback as undelivered and logs that type name,
/// which tells an operator the execution moved on (timed out, stopped) rather than that AWS had a fault.
/// Other failures pass through as <see cref="AwsServiceException"/>s, after the client's own retries.
/// </summary>
public sealed class StepFunctionsTaskCallback(IStepFunctionsClient client) : ITaskCallback
{
    public Task SendTaskSuccessAsync(string taskToken, string outputJson, CancellationToken cancellationToken) =>
        CallAsync("SendTaskSuccess", () => client.SendTaskSuccessAsync(new SendTaskSuccessInput { TaskToken = taskToken, Output = outputJson }, cancellationToken));

    public Task SendTaskFailureAsync(string taskToken, string error, string cause, CancellationToken cancellationToken) =>
        CallAsync("SendTaskFailure", () => client.SendTaskFailureAsync(new SendTaskFailureInput { TaskToken = taskToken, Error = error, Cause = cause }, cancellationToken));

    private static async Task CallAsync<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "TaskDoesNotExist" or "TaskTimedOut" or "InvalidToken")
        {
            // Not chained: the service's message may quote the token.
            throw new TaskNoLongerWaitingException(operation, e.ErrorCode, e.RequestId);
        }
    }
}

/// <summary>
/// Step Functions refused a callback because the task is not waiting any more (or the token is not one it knows).
/// The message names the operation, error code and request id only: service messages may quote the token.
/// </summary>
public sealed class TaskNoLongerWaitingException(string operation, string errorCode, string? requestId)
    : Exception($"{operation} was refused with {errorCode}{(requestId is null ? "" : $" [request id {requestId}]")}: the task is no longer waiting for this callback")
{
    public string ErrorCode { get; } = errorCode;
}
