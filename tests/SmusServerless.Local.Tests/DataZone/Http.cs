using System.Text;
using SmusServerless.Local.Endpoints.Protocol;

namespace SmusServerless.Local.Tests.DataZone;

internal static class Http
{
    public static AwsHttpRequest Get(string pathAndQuery) => Request("GET", pathAndQuery, "");

    public static AwsHttpRequest Request(string method, string pathAndQuery, string body)
    {
        var parts = pathAndQuery.Split('?', 2);
        var query = parts.Length == 1 ? [] : parts[1].Split('&').Select(p => p.Split('=', 2))
            .Select(kv => new KeyValuePair<string, string>(Uri.UnescapeDataString(kv[0]), Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : ""))).ToList();
        return new AwsHttpRequest(method, parts[0], query, AwsHttpRequest.HeaderDictionary([]), Encoding.UTF8.GetBytes(body));
    }
}
