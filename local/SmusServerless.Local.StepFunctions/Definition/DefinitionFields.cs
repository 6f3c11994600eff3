using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Intrinsics;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>
/// Field reading shared by the state parsers, collecting every problem instead of stopping at the first: strings,
/// integers, paths (reference paths or any JSONPath), payload templates, mutually exclusive fields.
/// </summary>
internal sealed class DefinitionFields
{
    private readonly List<DefinitionProblem> _problems = [];

    public IReadOnlyList<DefinitionProblem> Problems => _problems;

    public void Invalid(string location, string message) => _problems.Add(new DefinitionProblem(DefinitionProblemKind.Invalid, location, message));

    public void Unsupported(string location, string message) => _problems.Add(new DefinitionProblem(DefinitionProblemKind.Unsupported, location, message));

    /// <summary>Reports a problem and carries on with <paramref name="fallback"/>.</summary>
    public T Fail<T>(T fallback, string location, string message)
    {
        Invalid(location, message);
        return fallback;
    }

    /// <summary>A path field that may be null (meaning: the empty object, or discard); absent means "$".</summary>
    public PathField PathOrNull(JsonObject obj, string field, string location, bool reference)
    {
        if (!obj.TryGetPropertyValue(field, out var node))
        {
            return PathField.Root;
        }
        if (node is null)
        {
            return PathField.Null;
        }
        if (!JsonValues.TryGetString(node, out var text))
        {
            Invalid($"{location}/{field}", $"{field} must be a path string or null");
            return PathField.Root;
        }
        var path = ParsePath(text, $"{location}/{field}", reference);
        return path is null ? PathField.Root : new PathField(path, false);
    }

    public JsonPath? ReferencePath(JsonObject obj, string field, string location)
    {
        if (!obj.ContainsKey(field))
        {
            return null;
        }
        if (!JsonValues.TryGetString(obj[field], out var text))
        {
            Invalid($"{location}/{field}", $"{field} must be a path string");
            return null;
        }
        return ParsePath(text, $"{location}/{field}", reference: true);
    }

    /// <summary>Fail's ErrorPath/CausePath accept a reference path or an intrinsic function.</summary>
    public JsonPath? PathAllowingIntrinsic(JsonObject obj, string field, string location)
    {
        if (JsonValues.TryGetString(obj[field], out var text) && IntrinsicExpression.IsIntrinsic(text))
        {
            try
            {
                IntrinsicExpression.Parse(text);
                Unsupported($"{location}/{field}", "intrinsic functions in ErrorPath/CausePath are not supported; use a reference path");
            }
            catch (IntrinsicSyntaxException ex) when (ex.Message.Contains(JsonPath.VariablesNotSupported, StringComparison.Ordinal))
            {
                Unsupported($"{location}/{field}", ex.Message);
            }
            catch (IntrinsicSyntaxException ex)
            {
                Invalid($"{location}/{field}", ex.Message);
            }
            return null;
        }
        return ReferencePath(obj, field, location);
    }

    /// <param name="reference">A reference path: names and single indexes only, so it selects one node.</param>
    public JsonPath? ParsePath(string text, string location, bool reference)
    {
        if (!JsonPath.TryParse(text, out var path, out var error))
        {
            if (error!.Contains(JsonPath.VariablesNotSupported, StringComparison.Ordinal))
            {
                Unsupported(location, error);
            }
            else
            {
                Invalid(location, error);
            }
            return null;
        }
        if (reference && !path!.IsDefinite)
        {
            Invalid(location, $"'{text}' must be a reference path (names and single indexes only, selecting one node)");
            return null;
        }
        return path;
    }

    public string? OptionalString(JsonObject obj, string field, string location)
    {
        if (!obj.ContainsKey(field))
        {
            return null;
        }
        if (JsonValues.TryGetString(obj[field], out var s))
        {
            return s;
        }
        Invalid($"{location}/{field}", $"{field} must be a string");
        return null;
    }

    public int? PositiveInt(JsonNode node, string location, bool allowZero)
    {
        if (JsonValues.TryGetNumber(node, out var d) && d == Math.Floor(d) && d <= int.MaxValue && (allowZero ? d >= 0 : d > 0))
        {
            return (int)d;
        }
        Invalid(location, allowZero ? "must be a non-negative integer" : "must be a positive integer");
        return null;
    }

    public void Exclusive(JsonObject obj, string location, string a, string b)
    {
        if (obj.ContainsKey(a) && obj.ContainsKey(b))
        {
            Invalid(location, $"{a} and {b} cannot both be given");
        }
    }

    /// <summary>A payload template (Parameters, ItemSelector, ResultSelector, Credentials), compiled now so its paths are checked.</summary>
    public PayloadTemplate? Template(JsonObject obj, string field, string location)
    {
        if (!obj.ContainsKey(field))
        {
            return null;
        }
        var problems = new List<(string Location, string Message)>();
        var template = PayloadTemplate.Compile(obj[field], $"{location}/{field}", problems);
        CheckTemplateKeys(obj[field], $"{location}/{field}");
        foreach (var (at, message) in problems)
        {
            if (message.Contains(JsonPath.VariablesNotSupported, StringComparison.Ordinal))
            {
                Unsupported(at, message);
            }
            else
            {
                Invalid(at, message);
            }
        }
        return template;
    }

    /// <summary>After removing ".$", two keys of one object must not collide.</summary>
    private void CheckTemplateKeys(JsonNode? node, string location)
    {
        switch (node)
        {
            case JsonObject obj:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (key, value) in obj)
                {
                    var effective = key.EndsWith(".$", StringComparison.Ordinal) ? key[..^2] : key;
                    if (!seen.Add(effective))
                    {
                        Invalid($"{location}/{key}", $"the field '{effective}' is given twice (with and without '.$')");
                    }
                    CheckTemplateKeys(value, $"{location}/{key}");
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckTemplateKeys(array[i], $"{location}/{i}");
                }
                break;
        }
    }
}
