namespace SmusServerless.Functions.Approvals;

/// <summary>
/// Parses <c>application/x-www-form-urlencoded</c> text (query strings and form bodies) strictly:
/// a field given twice is an error rather than a silent pick, so no two components can read different values.
/// </summary>
public static class UrlEncodedForm
{
    public const int MaxFields = 32;

    public static bool TryParse(string? text, out IReadOnlyDictionary<string, string> fields, out string error)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        fields = result;
        error = "";
        if (string.IsNullOrEmpty(text))
            return true;
        foreach (var pair in text.Split('&'))
        {
            if (pair.Length == 0)
                continue;
            if (result.Count == MaxFields)
            {
                error = $"more than {MaxFields} fields";
                return false;
            }
            var equals = pair.IndexOf('=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            if (name.Length == 0)
            {
                error = "a field has no name";
                return false;
            }
            if (!result.TryAdd(name, value))
            {
                error = $"field '{name}' appears more than once";
                return false;
            }
        }
        return true;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
