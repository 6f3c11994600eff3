using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Local.Endpoints.Protocol;

namespace SmusServerless.Local.Endpoints.StepFunctions;

/// <summary>
/// The Step Functions awsJson1_0 endpoint (<c>X-Amz-Target: AWSStepFunctions.&lt;Operation&gt;</c>) for SendTaskSuccess,
/// SendTaskFailure, SendTaskHeartbeat, StartExecution, DescribeExecution and GetExecutionHistory. A request is validated
/// against the model, read into its generated input shape, and answered with the generated output shape (timestamps
/// in epoch seconds, as awsJson1_0 writes them): the endpoint has no Step Functions shape of its own.
/// </summary>
public sealed class StepFunctionsEndpoint(ServiceModel model, IStepFunctionsBackend? backend)
{
    public const string ContentType = "application/x-amz-json-1.0";
    private readonly ShapeValidator _validator = new(model);

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
            return AwsHttpResponse.Json(200, output, ContentType);
        }
        catch (JsonException)
        {
            return AwsJsonErrors.Error(400, "SerializationException", $"The request body does not read as {operation.InputShape}.", ContentType);
        }
        catch (StepFunctionsServiceException e)
        {
            return AwsJsonErrors.Error(400, e.ErrorCode, e.Message, ContentType);
        }
    }

    /// <summary>Reads the validated body into the operation's generated input shape and writes the generated output shape.</summary>
    private static async Task<string> InvokeAsync(IStepFunctionsBackend backend, string operation, JsonObject input, CancellationToken ct)
    {
        var shapes = StepFunctionsJsonContext.Default;
        return operation switch
        {
            "SendTaskSuccess" => Write(await backend.SendTaskSuccessAsync(Read(input, shapes.SendTaskSuccessInput), ct).ConfigureAwait(false), shapes.SendTaskSuccessOutput),
            "SendTaskFailure" => Write(await backend.SendTaskFailureAsync(Read(input, shapes.SendTaskFailureInput), ct).ConfigureAwait(false), shapes.SendTaskFailureOutput),
            "SendTaskHeartbeat" => Write(await backend.SendTaskHeartbeatAsync(Read(input, shapes.SendTaskHeartbeatInput), ct).ConfigureAwait(false), shapes.SendTaskHeartbeatOutput),
            "StartExecution" => Write(await backend.StartExecutionAsync(Read(input, shapes.StartExecutionInput), ct).ConfigureAwait(false), shapes.StartExecutionOutput),
            "DescribeExecution" => Write(await backend.DescribeExecutionAsync(Read(input, shapes.DescribeExecutionInput), ct).ConfigureAwait(false), shapes.DescribeExecutionOutput),
            _ => Write(await backend.GetExecutionHistoryAsync(Read(input, shapes.GetExecutionHistoryInput), ct).ConfigureAwait(false), shapes.GetExecutionHistoryOutput),
        };
    }

    private static T Read<T>(JsonObject input, JsonTypeInfo<T> shape) => input.Deserialize(shape) ?? throw new JsonException("null body");

    private static string Write<T>(T output, JsonTypeInfo<T> shape) => JsonSerializer.Serialize(output, shape);
}
