using System.Text;

namespace SmusServerless.Core.Manifest;

/// <summary>
/// Expands <c>${NAME}</c> and <c>${NAME:default}</c> in manifest strings.
/// <list type="bullet">
/// <item>NAME is <c>[A-Za-z_][A-Za-z0-9_]*</c>; the default is everything after the first ':' up to the next '}' (may be empty).</item>
/// <item>A variable that is set (even to "") wins over the default. Unset with no default is an error naming it
/// (the SMUS CLI silently used "", which sent deployments to the wrong region).</item>
/// <item><c>$${</c> is an escape for a literal <c>${</c>. A lone <c>$</c> and <c>$NAME</c> are left as written.</item>
/// <item>Substituted text is not scanned again, so a value cannot inject further references.</item>
/// </list>
/// </summary>
public static class VariableSubstitution
{
    /// <summary>The expanded text, or the problems found (each a complete sentence naming the variable).</summary>
    public sealed record Result(string? Value, IReadOnlyList<Problem> Problems)
    {
        public bool Succeeded => Problems.Count == 0;
    }

    public sealed record Problem(string Code, string Message);

    public static Result Expand(string text, IVariableSource variables)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(variables);
        if (!text.Contains('$', StringComparison.Ordinal)) return new Result(text, []);

        var output = new StringBuilder(text.Length);
        List<Problem>? problems = null;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                output.Append("${");
                i += 3;
                continue;
            }
            if (c != '$' || i + 1 >= text.Length || text[i + 1] != '{')
            {
                output.Append(c);
                i++;
                continue;
            }

            var close = text.IndexOf('}', i + 2);
            if (close < 0)
            {
                (problems ??= []).Add(new Problem(DiagnosticCodes.MalformedVariable,
                    $"'{text[i..]}' has no closing '}}' (write '$${{' for a literal '${{')"));
                break;
            }

            var body = text[(i + 2)..close];
            var colon = body.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? body : body[..colon];
            string? fallback = colon < 0 ? null : body[(colon + 1)..];
            if (!IsVariableName(name))
            {
                (problems ??= []).Add(new Problem(DiagnosticCodes.MalformedVariable,
                    $"'${{{body}}}' is not a variable reference: names are letters, digits and '_', not starting with a digit"));
            }
            else if (variables.Find(name) is { } value)
            {
                output.Append(value);
            }
            else if (fallback is not null)
            {
                output.Append(fallback);
            }
            else
            {
                (problems ??= []).Add(new Problem(DiagnosticCodes.UnsetVariable,
                    $"variable '{name}' is not set and has no default (write '${{{name}:default}}' to give one)"));
            }
            i = close + 1;
        }

        return problems is null ? new Result(output.ToString(), []) : new Result(null, problems);
    }

    public static bool IsVariableName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return false;
        foreach (var ch in name)
            if (!char.IsAsciiLetterOrDigit(ch) && ch != '_') return false;
        return true;
    }
}
