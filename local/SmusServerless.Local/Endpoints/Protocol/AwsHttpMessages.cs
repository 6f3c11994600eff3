namespace SmusServerless.Local.Endpoints.Protocol;

/// <summary>An HTTP request as a service endpoint sees it, independent of the web server.</summary>
/// <param name="Path">The raw (still percent-encoded) path.</param>
/// <param name="Query">Query parameters, decoded, in order; a name may repeat.</param>
/// <param name="Headers">Header names compared case-insensitively.</param>
public sealed record AwsHttpRequest(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyDictionary<string, string> Headers,
    ReadOnlyMemory<byte> Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public static IReadOnlyDictionary<string, string> HeaderDictionary(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            result[name] = value;
        }

        return result;
    }
}

/// <summary>An HTTP response produced by a simulated service.</summary>
public sealed record AwsHttpResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public const string JsonContentType = "application/json";

    public static AwsHttpResponse Json(int status, string body, string contentType = JsonContentType, IEnumerable<KeyValuePair<string, string>>? extraHeaders = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = contentType };
        foreach (var (name, value) in extraHeaders ?? [])
        {
            headers[name] = value;
        }

        return new AwsHttpResponse(status, headers, body);
    }
}
