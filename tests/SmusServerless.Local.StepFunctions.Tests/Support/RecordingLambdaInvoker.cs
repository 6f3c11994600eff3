using System.Text;
using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Tasks;

namespace SmusServerless.Local.StepFunctions.Tests.Support;

/// <summary>An in-memory Lambda: each function name maps to a handler from payload to result.</summary>
public sealed class RecordingLambdaInvoker : ILambdaInvoker
{
    private readonly Dictionary<string, Func<JsonNode?, LambdaInvocationResult>> _functions = new(StringComparer.Ordinal);

    public List<(string Function, JsonNode? Payload)> Invocations { get; } = [];

    public RecordingLambdaInvoker Returns(string function, Func<JsonNode?, JsonNode?> handler)
    {
        _functions[function] = payload => LambdaInvocationResult.Success(Encoding.UTF8.GetBytes(handler(payload)?.ToJsonString() ?? "null"));
        return this;
    }

    public RecordingLambdaInvoker Handles(string function, Func<JsonNode?, LambdaInvocationResult> handler)
    {
        _functions[function] = handler;
        return this;
    }

    public RecordingLambdaInvoker Fails(string function, LambdaFunctionError error)
    {
        _functions[function] = _ => LambdaInvocationResult.Error(error);
        return this;
    }

    public RecordingLambdaInvoker Throws(string function, LambdaServiceException exception)
    {
        _functions[function] = _ => throw exception;
        return this;
    }

    public Task<LambdaInvocationResult> InvokeAsync(string functionName, byte[] payload, CancellationToken cancellationToken)
    {
        var node = JsonNode.Parse(payload);
        Invocations.Add((functionName, node));
        var name = functionName.Contains(":function:", StringComparison.Ordinal)
            ? functionName.Split(":function:")[1].Split(':')[0]
            : functionName;
        if (!_functions.TryGetValue(name, out var handler))
        {
            throw new LambdaServiceException("ResourceNotFoundException", $"Function not found: {functionName}");
        }
        return Task.FromResult(handler(node));
    }
}
