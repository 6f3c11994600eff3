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
/// <item>Every unusable reference of the text is reported, not only the first, each with its offset in the text.</item>
/// <item>A lookup that failed (<see cref="VariableLookup.IsFailure"/>) is an error even with a default.</item>
/// </list>
/// </summary>
public static class VariableSubstitution
{
    /// <summary>The expanded text, or the problems found (each a complete sentence naming the variable).</summary>
    public sealed record Result(string? Value, IReadOnlyList<Problem> Problems)
    {
        public bool Succeeded => Problems.Count == 0;
    }

    /// <param name="Offset">Where the reference starts in the text (its <c>$</c>).</param>
    public sealed record Problem(string Code, string Message, int Offset = 0);

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
                    $"'{text[i..]}' has no closing '}}' (write '$${{' for a literal '${{')", i));
                break;
            }

            var body = text[(i + 2)..close];
            var colon = body.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? body : body[..colon];
            string? fallback = colon < 0 ? null : body[(colon + 1)..];
            if (!IsVariableName(name))
            {
                (problems ??= []).Add(new Problem(DiagnosticCodes.MalformedVariable,
                    $"'${{{body}}}' is not a variable reference: names are letters, digits and '_', not starting with a digit", i));
            }
            else if (variables.Lookup(name) is var lookup && lookup.Value is { } value)
            {
                output.Append(value);
            }
            else if (lookup.IsFailure)
            {
                (problems ??= []).Add(new Problem(DiagnosticCodes.UnresolvedVariable, $"variable '{name}' could not be looked up: {lookup.Reason}", i));
            }
            else if (fallback is not null)
            {
                output.Append(fallback);
            }
            else
            {
                var why = lookup.Reason is null ? "is not set" : $"is not set ({lookup.Reason})";
                (problems ??= []).Add(new Problem(DiagnosticCodes.UnsetVariable,
                    $"variable '{name}' {why} and has no default (write '${{{name}:default}}' to give one)", i));
            }
            i = close + 1;
        }

        return problems is null ? new Result(output.ToString(), []) : new Result(null, problems);
    }

    /// <summary>
    /// The names of the variables <paramref name="text"/> refers to (<c>${NAME}</c> and <c>${NAME:default}</c>, not
    /// the <c>$${</c> escape), found without looking any up: lets a caller look up costly ones only when referenced.
    /// </summary>
    public static IReadOnlySet<string> ReferencedNames(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = text.IndexOf("${", StringComparison.Ordinal); i >= 0; i = text.IndexOf("${", i + 2, StringComparison.Ordinal))
        {
            if (i > 0 && text[i - 1] == '$') continue;
            var end = i + 2;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_')) end++;
            if (end < text.Length && text[end] is '}' or ':' && IsVariableName(text[(i + 2)..end])) names.Add(text[(i + 2)..end]);
        }
        return names;
    }

    public static bool IsVariableName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return false;
        foreach (var ch in name)
            if (!char.IsAsciiLetterOrDigit(ch) && ch != '_') return false;
        return true;
    }
}
