using System.Text;
using SmusServerless.Aws.Signing;

namespace SmusServerless.Aws.Tests.Signing;

/// <summary>An HTTP request written as in the SigV4 suites' request files.</summary>
public sealed record HttpRequestText(string Method, string Path, string? Query, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    public static HttpRequestText Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ')];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var question = target.IndexOf('?');
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? null : target[(question + 1)..];
        var headers = new List<KeyValuePair<string, string>>();
        var index = 1;
        for (; index < lines.Length && lines[index].Length > 0; index++)
        {
            var line = lines[index];
            if (char.IsWhiteSpace(line[0]) && headers.Count > 0)
            {
                // A folded (multi-line) header value continues the previous header.
                headers[^1] = new(headers[^1].Key, headers[^1].Value + "\n" + line);
                continue;
            }
            var colon = line.IndexOf(':');
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }
        var body = index + 1 < lines.Length ? string.Join('\n', lines[(index + 1)..]) : "";
        return new HttpRequestText(method, path, query, headers, body);
    }

    public string BodySha256 => SigV4Canonicalizer.HexSha256(Encoding.UTF8.GetBytes(Body));
}
