using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Tasks;

/// <summary>A function error, as the Lambda Invoke API reports it (X-Amz-Function-Error + error payload).</summary>
public sealed record LambdaFunctionError(string ErrorType, string ErrorMessage, IReadOnlyList<string>? StackTrace = null);

/// <summary>The result of one invocation: a response payload, or a function error.</summary>
public sealed record LambdaInvocationResult(byte[] Payload, LambdaFunctionError? FunctionError, string ExecutedVersion = "$LATEST")
{
    public static LambdaInvocationResult Success(byte[] payload) => new(payload, null);

    public static LambdaInvocationResult Error(LambdaFunctionError error) => new([], error);
}

/// <summary>The Lambda service itself failed (not the function): surfaces as <c>Lambda.{ErrorCode}</c>.</summary>
public sealed class LambdaServiceException(string errorCode, string message) : Exception(message)
{
    /// <summary>E.g. ServiceException, ResourceNotFoundException, TooManyRequestsException.</summary>
    public string ErrorCode { get; } = errorCode;
}

/// <summary>The port through which the engine invokes Lambda functions (the local stack calls the C# handlers in-process).</summary>
public interface ILambdaInvoker
{
    /// <exception cref="LambdaServiceException">The service could not run the function.</exception>
    Task<LambdaInvocationResult> InvokeAsync(string functionName, byte[] payload, CancellationToken cancellationToken);
}

/// <summary>
/// <c>arn:aws:states:::lambda:invoke</c> (optimized integration: the result is the Invoke response envelope with
/// <c>Payload</c>, <c>StatusCode</c>, <c>ExecutedVersion</c> and SDK metadata) and plain Lambda function ARNs (the
/// result is the function's output). A function error fails the task with the function's errorType as the error
/// name and the error payload as the cause.
/// </summary>
public sealed class LambdaTaskResource(ILambdaInvoker invoker) : ITaskResource
{
    public bool CanRun(TaskResourceName resource)
        => resource.IsLambdaFunctionArn
           || (resource is { Service: "lambda", Api: "invoke", Pattern: IntegrationPattern.RequestResponse });

    public async Task<TaskOutcome> RunAsync(TaskRequest request, ITaskHost host, CancellationToken cancellationToken)
    {
        string functionName;
        JsonNode? payload;
        if (request.Resource.IsLambdaFunctionArn)
        {
            functionName = request.Resource.Resource;
            payload = request.Parameters;
        }
        else
        {
            if (request.Parameters is not JsonObject parameters || !JsonValues.TryGetString(parameters["FunctionName"], out functionName))
            {
                return new TaskOutcome.Failed("States.Runtime",
                    "The lambda:invoke integration needs Parameters with a FunctionName string");
            }
            payload = parameters["Payload"];
        }

        LambdaInvocationResult result;
        try
        {
            var bytes = Encoding.UTF8.GetBytes(JsonValues.ToJson(payload));
            result = await invoker.InvokeAsync(functionName, bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (LambdaServiceException ex)
        {
            return new TaskOutcome.Failed($"Lambda.{ex.ErrorCode}", ex.Message);
        }

        if (result.FunctionError is { } error)
        {
            var cause = new JsonObject
            {
                ["errorMessage"] = error.ErrorMessage,
                ["errorType"] = error.ErrorType,
            };
            if (error.StackTrace is { } trace)
            {
                cause["trace"] = new JsonArray(trace.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
            }
            var name = string.IsNullOrEmpty(error.ErrorType) ? "Lambda.Unknown" : error.ErrorType;
            return new TaskOutcome.Failed(name, JsonValues.ToJson(cause));
        }

        var output = ParsePayload(result.Payload);
        if (request.Resource.IsLambdaFunctionArn)
        {
            return new TaskOutcome.Succeeded(output);
        }
        var requestId = Guid.NewGuid().ToString("D");
        var headers = new JsonObject
        {
            ["Connection"] = "keep-alive",
            ["Content-Length"] = result.Payload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Content-Type"] = "application/json",
            ["X-Amz-Executed-Version"] = result.ExecutedVersion,
            ["x-amzn-Remapped-Content-Length"] = "0",
            ["x-amzn-RequestId"] = requestId,
        };
        var allHeaders = new JsonObject();
        foreach (var (key, value) in headers)
        {
            allHeaders[key] = new JsonArray(value!.DeepClone());
        }
        return new TaskOutcome.Succeeded(new JsonObject
        {
            ["ExecutedVersion"] = result.ExecutedVersion,
            ["Payload"] = output,
            ["SdkHttpMetadata"] = new JsonObject
            {
                ["AllHttpHeaders"] = allHeaders,
                ["HttpHeaders"] = headers,
                ["HttpStatusCode"] = 200,
            },
            ["SdkResponseMetadata"] = new JsonObject { ["RequestId"] = requestId },
            ["StatusCode"] = 200,
        });
    }

    /// <summary>A JSON payload is embedded as JSON; anything else as a string (as Step Functions does).</summary>
    private static JsonNode? ParsePayload(byte[] payload)
    {
        if (payload.Length == 0)
        {
            return null;
        }
        var text = Encoding.UTF8.GetString(payload);
        try
        {
            return JsonValues.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
