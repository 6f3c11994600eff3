using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>Choice: rules tried in order (comparisons, And, Or, Not), each top-level rule with a Next; an optional Default.</summary>
internal static class ChoiceStateParser
{
    public static readonly string[] Fields = ["InputPath", "OutputPath", "Choices", "Default"];

    public static ChoiceState? Parse(JsonObject obj, StateHeader h, DefinitionFields f)
    {
        if (obj["Choices"] is not JsonArray choices || choices.Count == 0)
        {
            f.Invalid($"{h.Location}/Choices", "a Choice state needs a non-empty Choices array");
            return null;
        }
        var rules = new List<ChoiceRule>();
        for (var i = 0; i < choices.Count; i++)
        {
            var rule = ParseRule(choices[i], $"{h.Location}/Choices/{i}", topLevel: true, f);
            if (rule is not null)
            {
                rules.Add(rule);
            }
        }
        return new ChoiceState
        {
            Name = h.Name, Type = "Choice", InputPath = h.InputPath, OutputPath = h.OutputPath,
            Choices = rules, Default = f.OptionalString(obj, "Default", h.Location),
        };
    }

    private static ChoiceRule? ParseRule(JsonNode? node, string location, bool topLevel, DefinitionFields f)
    {
        if (node is not JsonObject obj)
        {
            f.Invalid(location, "a choice rule must be a JSON object");
            return null;
        }
        var next = f.OptionalString(obj, "Next", location);
        if (topLevel && next is null)
        {
            f.Invalid(location, "a top-level choice rule needs Next");
        }
        if (!topLevel && next is not null)
        {
            f.Invalid($"{location}/Next", "a nested choice rule cannot have Next");
        }
        var operators = obj.Select(kv => kv.Key).Where(k => k is not ("Next" or "Comment" or "Variable")).ToList();
        if (operators.Count != 1)
        {
            f.Invalid(location, operators.Count == 0
                ? "a choice rule needs exactly one comparison operator, And, Or or Not"
                : $"a choice rule has more than one operator: {string.Join(", ", operators)}");
            return null;
        }
        var op = operators[0];
        var rule = op switch
        {
            "And" or "Or" => ParseAndOr(obj, op, location, f),
            "Not" => ParseRule(obj["Not"], $"{location}/Not", topLevel: false, f) is { } inner ? new NotRule(inner) : null,
            _ => ParseComparison(obj, op, location, f),
        };
        return rule is null ? null : rule with { Next = next };
    }

    private static ChoiceRule? ParseAndOr(JsonObject obj, string op, string location, DefinitionFields f)
    {
        if (obj.ContainsKey("Variable"))
        {
            f.Invalid($"{location}/Variable", $"{op} cannot have a Variable");
        }
        if (obj[op] is not JsonArray list || list.Count == 0)
        {
            f.Invalid($"{location}/{op}", $"{op} needs a non-empty array of rules");
            return null;
        }
        var nested = list.Select((n, i) => ParseRule(n, $"{location}/{op}/{i}", topLevel: false, f)).ToList();
        if (nested.Any(r => r is null))
        {
            return null;
        }
        return op == "And" ? new AndRule(nested!) : new OrRule(nested!);
    }

    private static ChoiceRule? ParseComparison(JsonObject obj, string op, string location, DefinitionFields f)
    {
        if (!ComparisonRule.Operators.Contains(op))
        {
            f.Invalid($"{location}/{op}", $"'{op}' is not a choice rule operator");
            return null;
        }
        if (!JsonValues.TryGetString(obj["Variable"], out var variableText))
        {
            f.Invalid($"{location}/Variable", "a comparison needs a Variable path");
            return null;
        }
        var variable = f.ParsePath(variableText, $"{location}/Variable", reference: false);
        if (variable is null)
        {
            return null;
        }
        var operand = obj[op];
        JsonPath? operandPath = null;
        if (op.EndsWith("Path", StringComparison.Ordinal))
        {
            if (!JsonValues.TryGetString(operand, out var p))
            {
                f.Invalid($"{location}/{op}", $"{op} must be a path string");
                return null;
            }
            operandPath = f.ParsePath(p, $"{location}/{op}", reference: false);
            if (operandPath is null)
            {
                return null;
            }
        }
        else if (!OperandTypeOk(op, operand))
        {
            f.Invalid($"{location}/{op}", $"the value of {op} has the wrong type");
            return null;
        }
        return new ComparisonRule(variable, op, operand?.DeepClone(), operandPath);
    }

    /// <summary>Is* and BooleanEquals take booleans, Numeric* numbers, Timestamp* RFC 3339 strings, String* strings.</summary>
    private static bool OperandTypeOk(string op, JsonNode? operand)
    {
        if (op.StartsWith("Is", StringComparison.Ordinal) || op == "BooleanEquals")
        {
            return JsonValues.TryGetBoolean(operand, out _);
        }
        if (op.StartsWith("Numeric", StringComparison.Ordinal))
        {
            return JsonValues.TryGetNumber(operand, out _);
        }
        if (op.StartsWith("Timestamp", StringComparison.Ordinal))
        {
            return JsonValues.TryGetString(operand, out var s) && ComparisonRule.TryParseTimestamp(s, out _);
        }
        return JsonValues.TryGetString(operand, out _);
    }
}
