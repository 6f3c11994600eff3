using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using SmusServerless.Local.StepFunctions.Execution;
using Sfn = SmusServerless.Aws.StepFunctions;

namespace SmusServerless.Local.StepFunctions;

/// <summary>
/// The engine's Step Functions API in the service's own words: the generated shapes of
/// <c>stepfunctions/service-2.json</c> (SmusServerless.Aws.Wire), so a local endpoint passes requests and answers
/// through without a shape of its own. Failures are <see cref="StepFunctionsException"/>s with the modelled error name.
/// </summary>
public sealed partial class LocalStepFunctions
{
    public async Task<Sfn.StartExecutionOutput> StartExecutionAsync(Sfn.StartExecutionInput request, CancellationToken cancellationToken = default)
        => (await StartExecutionAsync(WireShapes.Required(request.StateMachineArn, "stateMachineArn"), request.Name, request.Input, cancellationToken)
            .ConfigureAwait(false)).ToWire();

    public Sfn.DescribeExecutionOutput DescribeExecution(Sfn.DescribeExecutionInput request)
        => DescribeExecution(WireShapes.Required(request.ExecutionArn, "executionArn")).ToWire();

    public Sfn.GetExecutionHistoryOutput GetExecutionHistory(Sfn.GetExecutionHistoryInput request)
        => GetExecutionHistory(WireShapes.Required(request.ExecutionArn, "executionArn"), request.MaxResults, request.NextToken,
            request.ReverseOrder ?? false, request.IncludeExecutionData ?? true).ToWire();

    public async Task<Sfn.SendTaskSuccessOutput> SendTaskSuccessAsync(Sfn.SendTaskSuccessInput request, CancellationToken cancellationToken = default)
    {
        await SendTaskSuccessAsync(WireShapes.Required(request.TaskToken, "taskToken"), WireShapes.Required(request.Output, "output"), cancellationToken)
            .ConfigureAwait(false);
        return new Sfn.SendTaskSuccessOutput();
    }

    public async Task<Sfn.SendTaskFailureOutput> SendTaskFailureAsync(Sfn.SendTaskFailureInput request, CancellationToken cancellationToken = default)
    {
        await SendTaskFailureAsync(WireShapes.Required(request.TaskToken, "taskToken"), request.Error, request.Cause, cancellationToken).ConfigureAwait(false);
        return new Sfn.SendTaskFailureOutput();
    }

    public async Task<Sfn.SendTaskHeartbeatOutput> SendTaskHeartbeatAsync(Sfn.SendTaskHeartbeatInput request, CancellationToken cancellationToken = default)
    {
        await SendTaskHeartbeatAsync(WireShapes.Required(request.TaskToken, "taskToken"), cancellationToken).ConfigureAwait(false);
        return new Sfn.SendTaskHeartbeatOutput();
    }
}

/// <summary>The one place the engine's records become the generated Step Functions shapes.</summary>
public static class WireShapes
{
    public static Sfn.StartExecutionOutput Of(StartExecutionResult started) => new()
    {
        ExecutionArn = started.ExecutionArn,
        StartDate = started.StartDate,
    };

    public static Sfn.DescribeExecutionOutput Of(ExecutionDescription execution) => new()
    {
        ExecutionArn = execution.ExecutionArn,
        StateMachineArn = execution.StateMachineArn,
        Name = execution.Name,
        Status = execution.Status,
        StartDate = execution.StartDate,
        StopDate = execution.StopDate,
        Input = execution.Input,
        InputDetails = new Sfn.CloudWatchEventsExecutionDataDetails { Included = true },
        Output = execution.Output,
        OutputDetails = execution.Output is null ? null : new Sfn.CloudWatchEventsExecutionDataDetails { Included = true },
        Error = execution.Error,
        Cause = execution.Cause,
        RedriveCount = 0,
        RedriveStatus = Sfn.ExecutionRedriveStatus.NotRedrivable,
    };

    public static Sfn.GetExecutionHistoryOutput Of(ExecutionHistoryPage page) => new()
    {
        Events = [.. page.Events.Select(Of)],
        NextToken = page.NextToken,
    };

    /// <summary>
    /// A history event in the generated shape. The engine keeps each event's details as the JSON object of its
    /// <c>&lt;type&gt;EventDetails</c> member, so the event is read into the shape by the shape's own (source-generated) JSON metadata.
    /// </summary>
    public static Sfn.HistoryEvent Of(HistoryEvent historyEvent)
        => historyEvent.ToWireJson().Deserialize(Sfn.StepFunctionsJsonContext.Default.HistoryEvent)
            ?? throw new InvalidOperationException($"History event {historyEvent.Id} has no wire form.");

    /// <summary>A generated shape as the JSON the protocol writes (AOT-safe: source-generated metadata).</summary>
    public static JsonObject Json<T>(T shape, JsonTypeInfo<T> typeInfo)
        => JsonSerializer.SerializeToNode(shape, typeInfo)?.AsObject() ?? [];

    internal static string Required(string? value, string member)
        => value ?? throw new StepFunctionsException("ValidationException", $"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");
}
