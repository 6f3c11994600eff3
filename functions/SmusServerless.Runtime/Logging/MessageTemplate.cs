using System.Globalization;
using System.Text;
using SmusServerless.Runtime.Redaction;

namespace SmusServerless.Runtime.Logging;

/// <summary>
/// Re-renders a message template when one of its arguments is named like a secret (<c>{TaskToken}</c>), so
/// the value is masked in the message as well as under its key, whatever its length or shape.
/// </summary>
internal static class MessageTemplate
{
    private const string OriginalFormatKey = "{OriginalFormat}";

    /// <summary>The message with secret-named holes masked, or null when no argument is secret-named.</summary>
    public static string? FormatMasked(IReadOnlyList<KeyValuePair<string, object?>> state, SecretRedactor redactor)
    {
        string? format = null;
        var arguments = new List<KeyValuePair<string, object?>>(state.Count);
        foreach (var pair in state)
        {
            if (pair.Key == OriginalFormatKey)
            {
                format = pair.Value as string;
            }
            else
            {
                arguments.Add(pair);
            }
        }

        if (format is null || !arguments.Exists(pair => redactor.IsSensitiveKey(pair.Key)))
        {
            return null;
        }

        var message = new StringBuilder(format.Length + 32);
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
            {
                message.Append(c);
                i++;
                continue;
            }

            var close = c == '{' ? format.IndexOf('}', i + 1) : -1;
            if (close < 0)
            {
                message.Append(c);
                continue;
            }

            var hole = format[(i + 1)..close];
            var nameEnd = hole.IndexOfAny([',', ':']);
            var name = nameEnd < 0 ? hole : hole[..nameEnd];
            var spec = nameEnd < 0 ? string.Empty : hole[nameEnd..];
            var value = next < arguments.Count ? arguments[next++].Value : null;
            message.Append(redactor.IsSensitiveKey(name)
                ? SecretRedactor.Mask
                : string.Format(CultureInfo.InvariantCulture, "{0" + spec + "}", value ?? "(null)"));
            i = close;
        }

        return message.ToString();
    }
}
