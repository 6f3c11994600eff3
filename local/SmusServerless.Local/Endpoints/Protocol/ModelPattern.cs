using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace SmusServerless.Local.Endpoints.Protocol;

/// <summary>
/// Turns a service-model <c>pattern</c> (Java regular-expression syntax) into an equivalent .NET regex.
/// Two differences matter: Java's <c>\w</c> and <c>\d</c> are ASCII-only (in .NET they are Unicode), and Java knows
/// POSIX classes such as <c>\p{ASCII}</c>. Botocore strips the outer <c>^…$</c> of the service's patterns, but the
/// service matches the whole value, so the translated pattern is anchored at both ends.
/// </summary>
public static class ModelPattern
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static bool IsMatch(string pattern, string value) => Cache.GetOrAdd(pattern, Compile).IsMatch(value);

    public static Regex Compile(string javaPattern) =>
        new(@"\A(?:" + Translate(javaPattern) + @")\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static string Translate(string javaPattern)
    {
        var output = new StringBuilder(javaPattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < javaPattern.Length; i++)
        {
            var c = javaPattern[i];
            if (c == '\\' && i + 1 < javaPattern.Length)
            {
                var next = javaPattern[i + 1];
                i++;
                switch (next)
                {
                    case 'w':
                        output.Append(inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]");
                        break;
                    case 'W':
                        output.Append(inClass ? @"\W" : "[^a-zA-Z0-9_]");
                        break;
                    case 'd':
                        output.Append(inClass ? "0-9" : "[0-9]");
                        break;
                    case 'D':
                        output.Append(inClass ? @"\D" : "[^0-9]");
                        break;
                    case 'p' or 'P' when i + 1 < javaPattern.Length && javaPattern[i + 1] == '{':
                        var close = javaPattern.IndexOf('}', i + 1);
                        var name = javaPattern[(i + 2)..close];
                        output.Append(TranslateProperty(next, name, inClass));
                        i = close;
                        break;
                    default:
                        output.Append('\\').Append(next);
                        break;
                }

                continue;
            }

            if (c == '[' && !inClass)
            {
                inClass = true;
            }
            else if (c == ']' && inClass && output.Length > 0 && output[^1] != '[' && !(output.Length > 1 && output[^1] == '^' && output[^2] == '['))
            {
                inClass = false;
            }

            output.Append(c);
        }

        return output.ToString();
    }

    private static string TranslateProperty(char p, string name, bool inClass)
    {
        var body = name switch
        {
            "ASCII" => @"\x00-\x7F",
            "Alpha" => "a-zA-Z",
            "Digit" => "0-9",
            "Alnum" => "a-zA-Z0-9",
            "Punct" => @"!-/:-@\[-`{-~",
            "Space" => @" \t\n\x0B\f\r",
            _ => null,
        };
        if (body is null)
        {
            return $@"\{p}{{{name}}}";
        }

        if (p == 'P')
        {
            return inClass ? throw new NotSupportedException($"Negated POSIX class \\P{{{name}}} inside a character class.") : $"[^{body}]";
        }

        return inClass ? body : $"[{body}]";
    }
}
