using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>A Choice condition's Variable (or a ...Path operand) points at nothing: States.Runtime.</summary>
public sealed class ChoicePathException(string path)
    : Exception($"Invalid path '{path}': The choice state's condition path references an invalid value.");

/// <summary>A Choice rule: a comparison, or And/Or/Not of nested rules. Top-level rules carry Next.</summary>
public abstract record ChoiceRule
{
    public string? Next { get; init; }

    public abstract bool Matches(JsonNode? input, JsonNode? context);
}

public sealed record AndRule(IReadOnlyList<ChoiceRule> Rules) : ChoiceRule
{
    public override bool Matches(JsonNode? input, JsonNode? context) => Rules.All(r => r.Matches(input, context));
}

public sealed record OrRule(IReadOnlyList<ChoiceRule> Rules) : ChoiceRule
{
    public override bool Matches(JsonNode? input, JsonNode? context) => Rules.Any(r => r.Matches(input, context));
}

public sealed record NotRule(ChoiceRule Rule) : ChoiceRule
{
    public override bool Matches(JsonNode? input, JsonNode? context) => !Rule.Matches(input, context);
}

/// <summary>
/// <c>Variable</c> compared with an operator. The operand is a literal, or for <c>...Path</c> operators a path.
/// A comparison between values of the wrong type is false; a Variable that selects nothing is an error,
/// except for IsPresent.
/// </summary>
public sealed record ComparisonRule(JsonPath Variable, string Operator, JsonNode? Operand, JsonPath? OperandPath) : ChoiceRule
{
    public static readonly IReadOnlySet<string> Operators = new HashSet<string>(StringComparer.Ordinal)
    {
        "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals", "StringMatches",
        "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals",
        "BooleanEquals",
        "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals",
        "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp",
        "StringEqualsPath", "StringLessThanPath", "StringGreaterThanPath", "StringLessThanEqualsPath", "StringGreaterThanEqualsPath",
        "NumericEqualsPath", "NumericLessThanPath", "NumericGreaterThanPath", "NumericLessThanEqualsPath", "NumericGreaterThanEqualsPath",
        "BooleanEqualsPath",
        "TimestampEqualsPath", "TimestampLessThanPath", "TimestampGreaterThanPath", "TimestampLessThanEqualsPath", "TimestampGreaterThanEqualsPath",
    };

    public override bool Matches(JsonNode? input, JsonNode? context)
    {
        var present = Variable.Exists(input, context);
        if (Operator == "IsPresent")
        {
            return JsonValues.TryGetBoolean(Operand, out var want) && present == want;
        }
        if (!present)
        {
            throw new ChoicePathException(Variable.Text);
        }
        var value = Variable.Select(input, context);
        var op = Operator;
        var operand = Operand;
        if (OperandPath is not null)
        {
            op = op[..^"Path".Length];
            if (!OperandPath.Exists(input, context))
            {
                throw new ChoicePathException(OperandPath.Text);
            }
            operand = OperandPath.Select(input, context);
        }
        return op switch
        {
            "IsNull" => Flag(value is null),
            "IsNumeric" => Flag(JsonValues.TryGetNumber(value, out _)),
            "IsString" => Flag(JsonValues.TryGetString(value, out _)),
            "IsBoolean" => Flag(JsonValues.TryGetBoolean(value, out _)),
            "IsTimestamp" => Flag(JsonValues.TryGetString(value, out var ts) && TryParseTimestamp(ts, out _)),
            "StringMatches" => JsonValues.TryGetString(value, out var s) && JsonValues.TryGetString(operand, out var pattern)
                && WildcardMatch(s, pattern),
            "BooleanEquals" => JsonValues.TryGetBoolean(value, out var b) && JsonValues.TryGetBoolean(operand, out var ob) && b == ob,
            _ when op.StartsWith("String", StringComparison.Ordinal) =>
                JsonValues.TryGetString(value, out var l) && JsonValues.TryGetString(operand, out var r)
                && Compare(op["String".Length..], string.CompareOrdinal(l, r)),
            _ when op.StartsWith("Numeric", StringComparison.Ordinal) =>
                JsonValues.TryGetNumber(value, out var ln) && JsonValues.TryGetNumber(operand, out var rn)
                && Compare(op["Numeric".Length..], ln.CompareTo(rn)),
            _ when op.StartsWith("Timestamp", StringComparison.Ordinal) =>
                JsonValues.TryGetString(value, out var lt) && JsonValues.TryGetString(operand, out var rt)
                && TryParseTimestamp(lt, out var lv) && TryParseTimestamp(rt, out var rv)
                && Compare(op["Timestamp".Length..], lv.CompareTo(rv)),
            _ => throw new InvalidOperationException($"Unknown comparison operator {op}"),
        };

        bool Flag(bool actual) => JsonValues.TryGetBoolean(operand, out var want) && actual == want;
    }

    private static bool Compare(string relation, int c) => relation switch
    {
        "Equals" => c == 0,
        "LessThan" => c < 0,
        "GreaterThan" => c > 0,
        "LessThanEquals" => c <= 0,
        "GreaterThanEquals" => c >= 0,
        _ => false,
    };

    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>RFC 3339 timestamps with an uppercase T and a zone (Z or an offset), as the spec requires.</summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20 || text[10] != 'T' || !(text.EndsWith('Z') || text[^6] is '+' or '-'))
        {
            return false;
        }
        return DateTimeOffset.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal, out value);
    }

    /// <summary>StringMatches: <c>*</c> matches any run of characters; <c>\*</c> is a literal star, <c>\\</c> a backslash.</summary>
    public static bool WildcardMatch(string text, string pattern)
    {
        var tokens = new List<(bool Star, char Char)>();
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length && pattern[i + 1] is '*' or '\\')
            {
                tokens.Add((false, pattern[i + 1]));
                i++;
            }
            else
            {
                tokens.Add((pattern[i] == '*', pattern[i]));
            }
        }
        // Greedy wildcard matching with backtracking to the last star.
        int t = 0, p = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < tokens.Count && !tokens[p].Star && tokens[p].Char == text[t])
            {
                t++;
                p++;
            }
            else if (p < tokens.Count && tokens[p].Star)
            {
                starP = p++;
                starT = t;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }
        while (p < tokens.Count && tokens[p].Star)
        {
            p++;
        }
        return p == tokens.Count;
    }

    public override string ToString()
    {
        var sb = new StringBuilder($"{Variable.Text} {Operator} ");
        sb.Append(OperandPath?.Text ?? JsonValues.ToJson(Operand));
        return sb.ToString();
    }
}
