using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Definition;
using SmusServerless.Local.StepFunctions.Intrinsics;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Execution;

/// <summary>
/// The input and output processing of the States Language: InputPath, Parameters / ItemSelector / ResultSelector
/// templates, ResultPath and OutputPath, and the context object (<c>$$</c>) they read. Failures become
/// <see cref="StateFailure"/> with the error name the specification gives.
/// </summary>
internal sealed class StatePaths(ExecutionSession run)
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/local-stepfunctions";

    public static JsonNode? ApplyInputPath(StateDefinition state, JsonNode? input)
        => state.InputPath.IsNull ? new JsonObject() : Select(state.InputPath.Path!, input, "InputPath");

    public static JsonNode? ApplyOutputPath(StateDefinition state, JsonNode? output)
        => state.OutputPath.IsNull ? new JsonObject() : Select(state.OutputPath.Path!, output, "OutputPath");

    /// <summary>ResultPath null discards the result; otherwise the result is written into (a copy of) the input.</summary>
    public static JsonNode? ApplyResultPath(PathField resultPath, JsonNode? input, JsonNode? result)
    {
        if (resultPath.IsNull)
        {
            return input;
        }
        try
        {
            return ResultPathWriter.Apply(input, result, resultPath.Path!);
        }
        catch (ResultPathMatchException ex)
        {
            throw new StateFailure(ErrorNames.ResultPathMatchFailure, ex.Message);
        }
    }

    public static JsonNode? Select(JsonPath path, JsonNode? input, string field)
    {
        try
        {
            return path.Select(input);
        }
        catch (JsonPathNoMatchException)
        {
            throw new StateFailure(ErrorNames.Runtime,
                $"Invalid path '{path.Text}' : No results for path: $['{string.Join("']['", path.Text.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))}'] ({field})");
        }
    }

    public static string? SelectString(JsonPath path, JsonNode? input, string field)
    {
        var value = Select(path, input, field);
        return JsonValues.TryGetString(value, out var s) ? s : throw new StateFailure(ErrorNames.Runtime, $"{field} '{path.Text}' must point to a string");
    }

    /// <param name="pathError">The error a path that selects nothing raises (ParameterPathFailure, or Runtime for ResultSelector).</param>
    public JsonNode? EvaluateTemplate(PayloadTemplate template, JsonNode? input, JsonNode context, string pathError)
    {
        try
        {
            return template.Evaluate(input, context, run.Services.Intrinsics);
        }
        catch (PayloadPathException ex)
        {
            throw new StateFailure(pathError, ex.Message);
        }
        catch (IntrinsicFailureException ex)
        {
            throw new StateFailure(ErrorNames.IntrinsicFailure, ex.Message);
        }
    }

    /// <summary>The context object <c>$$</c> as a state of this branch sees it now.</summary>
    public JsonObject Context(BranchRecord b, StateDefinition state)
    {
        var rec = run.Record;
        var smName = rec.StateMachineArn[(rec.StateMachineArn.LastIndexOf(':') + 1)..];
        return new JsonObject
        {
            ["Execution"] = new JsonObject
            {
                ["Id"] = rec.ExecutionArn,
                ["Input"] = Parse(rec.Input),
                ["Name"] = rec.Name,
                ["RoleArn"] = RoleArn,
                ["StartTime"] = Iso(rec.StartDate),
                ["RedriveCount"] = 0,
            },
            ["State"] = new JsonObject
            {
                ["EnteredTime"] = Iso(b.EnteredTime),
                ["Name"] = state.Name,
                ["RetryCount"] = b.RetryCount,
            },
            ["StateMachine"] = new JsonObject { ["Id"] = rec.StateMachineArn, ["Name"] = smName },
        };
    }

    /// <summary>Parses stored JSON; text that is not JSON is a States.Runtime failure of the state, not a crash.</summary>
    public static JsonNode? Parse(string json)
    {
        try
        {
            return JsonValues.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new StateFailure(ErrorNames.Runtime, $"Invalid JSON: {ex.Message}");
        }
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
