using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;
using SmusServerless.Local.StepFunctions.Tasks;

namespace SmusServerless.Local.StepFunctions.Tests.Support;

/// <summary>
/// Lambda tasks whose results come from a script keyed by state name: each call takes the next entry
/// (the last one repeats). An entry is {"output": x}, {"error": e, "cause": c} or {"callback": ...} for
/// waitForTaskToken tasks, whose token (the "TaskToken" field of the parameters) is kept for the test to answer.
/// </summary>
public sealed class ScriptedTaskResource(JsonObject? script) : ITaskResource
{
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly List<(string Token, JsonNode? Callback)> _pendingCallbacks = [];
    private readonly Lock _gate = new();

    public List<(string State, JsonNode? Parameters)> Calls { get; } = [];

    public bool CanRun(TaskResourceName resource)
        => resource.IsLambdaFunctionArn || resource is { Service: "lambda", Api: "invoke" };

    public Task<TaskOutcome> RunAsync(TaskRequest request, ITaskHost host, CancellationToken cancellationToken)
    {
        JsonNode? entry;
        lock (_gate)
        {
            Calls.Add((request.StateName, request.Parameters?.DeepClone()));
            var entries = script?[request.StateName] as JsonArray
                ?? throw new InvalidOperationException($"the case has no task results for state '{request.StateName}'");
            var n = _calls.GetValueOrDefault(request.StateName);
            _calls[request.StateName] = n + 1;
            entry = entries[Math.Min(n, entries.Count - 1)];
            if (entry is JsonObject cb && cb.ContainsKey("callback"))
            {
                var token = FindToken(request.Parameters) ?? throw new InvalidOperationException($"state '{request.StateName}' passed no TaskToken");
                _pendingCallbacks.Add((token, cb["callback"]?.DeepClone()));
                return Task.FromResult<TaskOutcome>(new TaskOutcome.Succeeded(new JsonObject { ["StatusCode"] = 202 }));
            }
        }
        var obj = (JsonObject)entry!;
        if (obj.ContainsKey("error"))
        {
            return Task.FromResult<TaskOutcome>(new TaskOutcome.Failed(obj["error"]!.GetValue<string>(), obj["cause"]?.GetValue<string>() ?? ""));
        }
        return Task.FromResult<TaskOutcome>(new TaskOutcome.Succeeded(obj["output"]?.DeepClone()));
    }

    public List<(string Token, JsonNode? Callback)> TakePendingCallbacks()
    {
        lock (_gate)
        {
            var taken = _pendingCallbacks.ToList();
            _pendingCallbacks.Clear();
            return taken;
        }
    }

    public static string? FindToken(JsonNode? node) => node switch
    {
        JsonObject obj when obj["TaskToken"] is JsonValue v && JsonValues.TryGetString(v, out var s) => s,
        JsonObject obj => obj.Select(kv => FindToken(kv.Value)).FirstOrDefault(t => t is not null),
        JsonArray array => array.Select(FindToken).FirstOrDefault(t => t is not null),
        _ => null,
    };
}
