using System.Text.Json.Nodes;

namespace SmusServerless.Local.Endpoints.StepFunctions;

/// <summary>
/// What the local Step Functions endpoint delegates to (the ASL engine implements it). Requests arrive validated
/// against <c>stepfunctions/service-2.json</c>; failures are reported by throwing <see cref="StepFunctionsServiceException"/>
/// with the modelled error name (TaskDoesNotExist, InvalidToken, TaskTimedOut, ExecutionDoesNotExist, ...).
/// </summary>
public interface IStepFunctionsBackend
{
    Task SendTaskSuccessAsync(SendTaskSuccessRequest request, CancellationToken cancellationToken);

    Task SendTaskFailureAsync(SendTaskFailureRequest request, CancellationToken cancellationToken);

    Task SendTaskHeartbeatAsync(SendTaskHeartbeatRequest request, CancellationToken cancellationToken);

    Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken);

    Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken);

    Task<GetExecutionHistoryResponse> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken);
}

public sealed record SendTaskSuccessRequest(string TaskToken, string Output);

public sealed record SendTaskFailureRequest(string TaskToken, string? Error, string? Cause);

public sealed record SendTaskHeartbeatRequest(string TaskToken);

public sealed record StartExecutionRequest(string StateMachineArn, string? Name, string? Input, string? TraceHeader);

public sealed record StartExecutionResponse(string ExecutionArn, DateTimeOffset StartDate);

public sealed record DescribeExecutionRequest(string ExecutionArn);

/// <param name="Status">RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE.</param>
public sealed record DescribeExecutionResponse(
    string ExecutionArn,
    string StateMachineArn,
    string Name,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate = null,
    string? Input = null,
    string? Output = null,
    string? Error = null,
    string? Cause = null);

/// <param name="MaxResults">Null or 0 means the service default (100); at most 1000.</param>
public sealed record GetExecutionHistoryRequest(string ExecutionArn, int? MaxResults, bool ReverseOrder, string? NextToken, bool IncludeExecutionData);

/// <param name="Events">
/// HistoryEvent objects in the wire shape of GetExecutionHistory (<c>timestamp</c>, <c>type</c>, <c>id</c>,
/// <c>previousEventId</c>, <c>&lt;type&gt;EventDetails</c>); timestamps may be ISO 8601 strings or epoch seconds,
/// the endpoint writes them as the protocol wants.
/// </param>
public sealed record GetExecutionHistoryResponse(IReadOnlyList<JsonObject> Events, string? NextToken);

/// <summary>A modelled Step Functions error, e.g. <c>new StepFunctionsServiceException("TaskDoesNotExist", "...")</c>.</summary>
public sealed class StepFunctionsServiceException(string errorCode, string message) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;
}
