using System.Text.RegularExpressions;

namespace SmusServerless.Core.Manifest.Validation;

/// <summary>Constraints on a string value, checked after variable substitution.</summary>
internal sealed record StringRule(
    int MinLength = 0,
    int MaxLength = int.MaxValue,
    Regex? Pattern = null,
    string? PatternDescription = null,
    IReadOnlyList<string>? Allowed = null)
{
    public static StringRule Any { get; } = new();

    /// <summary>Names that identify something (connections, workflows, asset types): at least one character.</summary>
    public static StringRule NonEmpty { get; } = new(MinLength: 1);

    public string? Check(string value)
    {
        if (Allowed is { } allowed)
            return allowed.Contains(value, StringComparer.Ordinal)
                ? null
                : $"'{value}' is not one of {string.Join(", ", allowed.Select(a => $"'{a}'"))}";
        if (value.Length < MinLength || value.Length > MaxLength)
        {
            if (MinLength > 0 && value.Length == 0) return "must not be empty";
            return MaxLength == int.MaxValue
                ? $"must be at least {MinLength} characters"
                : $"must be {MinLength} to {MaxLength} characters (is {value.Length})";
        }
        if (Pattern is { } pattern && !pattern.IsMatch(value))
            return $"'{value}' does not match {PatternDescription ?? pattern.ToString()}";
        return null;
    }
}
