using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Intrinsics;

namespace SmusServerless.Local.StepFunctions.Json;

/// <summary>A path inside a payload template selected nothing.</summary>
public sealed class PayloadPathException(string field, string path)
    : Exception($"The JSONPath '{path}' specified for the field '{field}' could not be found in the input")
{
    public string Field { get; } = field;
}

/// <summary>
/// A payload template (Parameters, ResultSelector, ItemSelector): a JSON value whose object keys ending in
/// <c>.$</c> take their value from a path (<c>$.x</c>, <c>$$.x</c>) or an intrinsic function; other values are copied.
/// The template is parsed once (syntax errors surface at validation).
/// </summary>
public sealed class PayloadTemplate
{
    private readonly JsonNode? _template;
    private readonly Dictionary<string, object> _compiled = new(StringComparer.Ordinal);

    private PayloadTemplate(JsonNode? template)
    {
        _template = template;
    }

    /// <summary>Parses every dynamic value; <paramref name="problems"/> receives (location, message) pairs.</summary>
    public static PayloadTemplate Compile(JsonNode? template, string location, List<(string Location, string Message)> problems)
    {
        var result = new PayloadTemplate(template);
        result.CompileNode(template, location, problems);
        return result;
    }

    private void CompileNode(JsonNode? node, string location, List<(string, string)> problems)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    var childLocation = $"{location}/{key}";
                    if (key.EndsWith(".$", StringComparison.Ordinal))
                    {
                        if (!JsonValues.TryGetString(value, out var expression))
                        {
                            problems.Add((childLocation, $"the value of '{key}' must be a string holding a path or an intrinsic function"));
                            continue;
                        }
                        var compiled = CompileExpression(expression, childLocation, problems);
                        if (compiled is not null)
                        {
                            _compiled[expression] = compiled;
                        }
                    }
                    else
                    {
                        CompileNode(value, childLocation, problems);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CompileNode(array[i], $"{location}/{i}", problems);
                }
                break;
        }
    }

    private static object? CompileExpression(string expression, string location, List<(string, string)> problems)
    {
        try
        {
            if (expression.StartsWith('$'))
            {
                return JsonPath.Parse(expression);
            }
            if (IntrinsicExpression.IsIntrinsic(expression))
            {
                return IntrinsicExpression.Parse(expression);
            }
            problems.Add((location, $"'{expression}' is neither a JSONPath (starting with '$') nor an intrinsic function (States.*)"));
        }
        catch (JsonPathSyntaxException ex)
        {
            problems.Add((location, ex.Message));
        }
        catch (IntrinsicSyntaxException ex)
        {
            problems.Add((location, ex.Message));
        }
        return null;
    }

    /// <exception cref="PayloadPathException">A path selected nothing.</exception>
    /// <exception cref="IntrinsicFailureException">An intrinsic function failed.</exception>
    public JsonNode? Evaluate(JsonNode? input, JsonNode? context, IntrinsicEnvironment environment)
        => EvaluateNode(_template, input, context, environment);

    private JsonNode? EvaluateNode(JsonNode? node, JsonNode? input, JsonNode? context, IntrinsicEnvironment env)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (key.EndsWith(".$", StringComparison.Ordinal) && JsonValues.TryGetString(value, out var expression))
                    {
                        var name = key[..^2];
                        result[name] = _compiled[expression] switch
                        {
                            JsonPath path => SelectOrThrow(path, key, input, context),
                            IntrinsicExpression intrinsic => intrinsic.Evaluate(input, context, env),
                            _ => throw new InvalidOperationException(),
                        };
                    }
                    else
                    {
                        result[key] = EvaluateNode(value, input, context, env);
                    }
                }
                return result;
            }
            case JsonArray array:
            {
                var result = new JsonArray();
                foreach (var item in array)
                {
                    result.Add(EvaluateNode(item, input, context, env));
                }
                return result;
            }
            default:
                return node?.DeepClone();
        }
    }

    private static JsonNode? SelectOrThrow(JsonPath path, string field, JsonNode? input, JsonNode? context)
    {
        try
        {
            return path.Select(input, context);
        }
        catch (JsonPathNoMatchException)
        {
            throw new PayloadPathException(field, path.Text);
        }
    }
}
