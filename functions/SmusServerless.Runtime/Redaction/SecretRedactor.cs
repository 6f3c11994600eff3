using System.Text.RegularExpressions;

namespace SmusServerless.Runtime.Redaction;

/// <summary>
/// Masks secrets before text leaves the process as a log line or an error report.
/// <para>The rule (see README.md, "Redaction"):</para>
/// <list type="number">
/// <item>A structured key whose name, ignoring case and the separators <c>_ - .</c>, contains
/// <c>token</c>, <c>signature</c>, <c>secret</c>, <c>password</c>, <c>passwd</c> or <c>credential</c>,
/// or is <c>sig</c> or <c>authorization</c>, has its whole value masked, whatever its type.</item>
/// <item>In free text, the value after such a key and a <c>=</c> or <c>:</c> (query strings, JSON fragments,
/// <c>Signature=</c> in an Authorization header) is masked, whatever it looks like.</item>
/// <item>In free text, an opaque run of 40 or more characters of the base64 alphabet (<c>A-Z a-z 0-9 + /</c>,
/// optional <c>=</c> padding) that mixes upper case, lower case and digits is masked: this is the shape of
/// Step Functions task tokens, AWS secret access keys and base64 HMAC signatures.</item>
/// <item>The same for base64url runs (<c>A-Z a-z 0-9 - _</c>), unless a <c>-</c>/<c>_</c>-separated part
/// is an all-lower-case word of 4+ letters, which marks a readable identifier (<c>smus-serverless-Resolve...</c>).</item>
/// </list>
/// Bare lower-case hex (content sha256, git commit ids, request ids) is left readable: a hex HMAC is
/// masked only where it follows a signature-like key (rule 2).
/// </summary>
public sealed partial class SecretRedactor
{
    public const string Mask = "***";

    public static SecretRedactor Default { get; } = new();

    /// <summary>True when a value stored under <paramref name="key"/> must never be written.</summary>
    public bool IsSensitiveKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<char> normalized = key.Length <= 256 ? stackalloc char[key.Length] : new char[key.Length];
        var length = 0;
        foreach (var c in key)
        {
            if (c is '_' or '-' or '.')
            {
                continue;
            }

            normalized[length++] = char.ToLowerInvariant(c);
        }

        var name = normalized[..length];
        return name.SequenceEqual("sig") || name.SequenceEqual("authorization")
            || name.Contains("token", StringComparison.Ordinal)
            || name.Contains("signature", StringComparison.Ordinal)
            || name.Contains("secret", StringComparison.Ordinal)
            || name.Contains("password", StringComparison.Ordinal)
            || name.Contains("passwd", StringComparison.Ordinal)
            || name.Contains("credential", StringComparison.Ordinal);
    }

    /// <summary>The value to write for <paramref name="key"/>: masked whole for a sensitive key, else <see cref="Redact(string)"/>.</summary>
    public string RedactValue(string key, string value) => IsSensitiveKey(key) ? Mask : Redact(value);

    /// <summary>Free text with every secret-looking part replaced by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var result = SensitiveAssignment().Replace(text, static match =>
        {
            var quote = match.Groups["quote"].Value;
            return match.Groups["key"].Value + match.Groups["separator"].Value + quote + Mask + quote;
        });
        result = Base64Run().Replace(result, static match => LooksRandom(match.Value) ? Mask : match.Value);
        result = Base64UrlRun().Replace(result, static match =>
            LooksRandom(match.Value) && !HasReadableWord(match.Value) ? Mask : match.Value);
        return result;
    }

    private static bool LooksRandom(string run)
    {
        bool upper = false, lower = false, digit = false;
        foreach (var c in run)
        {
            upper |= char.IsAsciiLetterUpper(c);
            lower |= char.IsAsciiLetterLower(c);
            digit |= char.IsAsciiDigit(c);
        }

        return upper && lower && digit;
    }

    private static bool HasReadableWord(string run)
    {
        foreach (var part in run.Split(['-', '_'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Length >= 4 && part.All(char.IsAsciiLetterLower))
            {
                return true;
            }
        }

        return false;
    }

    // key, an optional closing quote, '=' or ':'; then a quoted value (to its closing quote) or a bare one (to a delimiter).
    [GeneratedRegex(
        """(?<key>(?<![A-Za-z0-9])(?:[A-Za-z0-9_.\-]*(?:token|signature|secret|password|passwd|credential)[A-Za-z0-9_.\-]*|sig|authorization))(?<separator>["']?\s*[:=]\s*)(?:(?<quote>["'])[^"']*["']|[^\s"'&,;}\]]+)""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SensitiveAssignment();

    [GeneratedRegex("(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=])", RegexOptions.CultureInvariant)]
    private static partial Regex Base64Run();

    [GeneratedRegex("(?<![A-Za-z0-9_\\-])[A-Za-z0-9_\\-]{40,}(?![A-Za-z0-9_\\-])", RegexOptions.CultureInvariant)]
    private static partial Regex Base64UrlRun();
}
