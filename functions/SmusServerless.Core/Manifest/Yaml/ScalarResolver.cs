using System.Text.RegularExpressions;

namespace SmusServerless.Core.Manifest.Yaml;

/// <summary>
/// Types plain scalars by the YAML 1.2 core schema. YAML 1.1's yes/no/on/off stay strings on purpose:
/// they are the classic source of "Norway problem" surprises, and a boolean field then says what it expected.
/// </summary>
internal static partial class ScalarResolver
{
    public static ScalarKind Resolve(string value)
    {
        if (value.Length == 0 || value is "~" or "null" or "Null" or "NULL") return ScalarKind.Null;
        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE") return ScalarKind.Boolean;
        if (IntegerPattern().IsMatch(value)) return ScalarKind.Integer;
        if (FloatPattern().IsMatch(value)) return ScalarKind.Float;
        return ScalarKind.String;
    }

    public static bool IsTrue(string value) => value is "true" or "True" or "TRUE";

    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
