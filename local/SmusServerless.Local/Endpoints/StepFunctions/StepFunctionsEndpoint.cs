using System.Text.Json;
using System.Text.Json.Nodes;
using SmusServerless.Local.Endpoints.Protocol;

namespace SmusServerless.Local.Endpoints.StepFunctions;

/// <summary>
/// The Step Functions awsJson1_0 endpoint (<c>X-Amz-Target: AWSStepFunctions.&lt;Operation&gt;</c>) for SendTaskSuccess,
/// SendTaskFailure, SendTaskHeartbeat, StartExecution, DescribeExecution and GetExecutionHistory.
/// </summary>
public sealed class StepFunctionsEndpoint(ServiceModel model, IStepFunctionsBackend? backend)
{
    public const string ContentType = "application/x-amz-json-1.0";
    private readonly ShapeValidator _validator = new(model);
    private readonly ShapeProjector _projector = new(model);

    public static readonly IReadOnlySet<string> Operations = new HashSet<string>(StringComparer.Ordinal)
    {
        "SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat", "StartExecution", "DescribeExecution", "GetExecutionHistory",
    };

    public async Task<AwsHttpResponse> HandleAsync(AwsHttpRequest request, CancellationToken cancellationToken)
    {
        var target = request.Header("X-Amz-Target") ?? "";
        var prefix = model.Metadata.TargetPrefix + ".";
        var operationName = target.StartsWith(prefix, StringComparison.Ordinal) ? target[prefix.Length..] : null;
        if (operationName is null || !model.Operations.TryGetValue(operationName, out var operation))
        {
            return AwsJsonErrors.Error(400, "UnknownOperationException", $"Unknown operation (X-Amz-Target '{target}').", ContentType);
        }

        if (!Operations.Contains(operationName))
        {
            return AwsJsonErrors.Error(400, "UnknownOperationException", $"The local Step Functions endpoint does not serve {operationName}.", ContentType);
        }

        JsonObject input;
        try
        {
            input = request.Body.IsEmpty ? new JsonObject() : JsonNode.Parse(request.Body.Span) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            return AwsJsonErrors.Error(400, "SerializationException", "The request body is not a JSON object.", ContentType);
        }

        var issues = _validator.Validate(operation.InputShape!, input);
        if (issues.Count > 0)
        {
            return AwsJsonErrors.Error(400, "ValidationException", ShapeValidator.FormatMessage(issues), ContentType);
        }

        if (backend is null)
        {
            return AwsJsonErrors.Error(500, "ServiceUnavailable", "No Step Functions backend is configured for this local host.", ContentType);
        }

        try
        {
            var output = await InvokeAsync(backend, operationName, input, cancellationToken).ConfigureAwait(false);
            return AwsHttpResponse.Json(200, _projector.Project(operation.OutputShape!, output).ToJsonString(), ContentType);
        }
        catch (StepFunctionsServiceException e)
        {
            return AwsJsonErrors.Error(400, e.ErrorCode, e.Message, ContentType);
        }
    }

    private static async Task<JsonObject> InvokeAsync(IStepFunctionsBackend backend, string operation, JsonObject input, CancellationToken ct)
    {
        string? S(string name) => input[name] is JsonValue v ? v.GetValue<string>() : null;
        switch (operation)
        {
            case "SendTaskSuccess":
                await backend.SendTaskSuccessAsync(new SendTaskSuccessRequest(S("taskToken")!, S("output")!), ct).ConfigureAwait(false);
                return [];
            case "SendTaskFailure":
                await backend.SendTaskFailureAsync(new SendTaskFailureRequest(S("taskToken")!, S("error"), S("cause")), ct).ConfigureAwait(false);
                return [];
            case "SendTaskHeartbeat":
                await backend.SendTaskHeartbeatAsync(new SendTaskHeartbeatRequest(S("taskToken")!), ct).ConfigureAwait(false);
                return [];
            case "StartExecution":
                var started = await backend.StartExecutionAsync(new StartExecutionRequest(S("stateMachineArn")!, S("name"), S("input"), S("traceHeader")), ct)
                    .ConfigureAwait(false);
                return new JsonObject { ["executionArn"] = started.ExecutionArn, ["startDate"] = ShapeProjector.Iso(started.StartDate) };
            case "DescribeExecution":
                var d = await backend.DescribeExecutionAsync(new DescribeExecutionRequest(S("executionArn")!), ct).ConfigureAwait(false);
                return new JsonObject
                {
                    ["executionArn"] = d.ExecutionArn, ["stateMachineArn"] = d.StateMachineArn, ["name"] = d.Name, ["status"] = d.Status,
                    ["startDate"] = ShapeProjector.Iso(d.StartDate), ["stopDate"] = d.StopDate is { } stop ? ShapeProjector.Iso(stop) : null,
                    ["input"] = d.Input, ["output"] = d.Output, ["error"] = d.Error, ["cause"] = d.Cause,
                };
            default:
                var history = await backend.GetExecutionHistoryAsync(new GetExecutionHistoryRequest(
                    S("executionArn")!, (int?)input["maxResults"], (bool?)input["reverseOrder"] ?? false, S("nextToken"),
                    (bool?)input["includeExecutionData"] ?? true), ct).ConfigureAwait(false);
                return new JsonObject
                {
                    ["events"] = new JsonArray(history.Events.Select(e => (JsonNode)e.DeepClone()).ToArray()),
                    ["nextToken"] = history.NextToken,
                };
        }
    }
}
