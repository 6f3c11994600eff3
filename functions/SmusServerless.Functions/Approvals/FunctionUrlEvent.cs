using System.Text.Json.Serialization;

namespace SmusServerless.Functions.Approvals;

// Lambda Function URL events use the API Gateway HTTP API payload format 2.0. These records mirror the
// fields of Amazon.Lambda.APIGatewayEvents' APIGatewayHttpApiV2ProxyRequest/Response that the endpoint reads,
// because that package is not available here; swapping it in later only touches this file.

/// <summary>A Function URL request (payload format 2.0). Header names arrive lower-cased.</summary>
public sealed record FunctionUrlRequest
{
    [JsonPropertyName("version")] public string? Version { get; init; }
    [JsonPropertyName("rawPath")] public string RawPath { get; init; } = "/";
    [JsonPropertyName("rawQueryString")] public string RawQueryString { get; init; } = "";
    [JsonPropertyName("cookies")] public IReadOnlyList<string>? Cookies { get; init; }
    [JsonPropertyName("headers")] public IReadOnlyDictionary<string, string>? Headers { get; init; }
    [JsonPropertyName("requestContext")] public FunctionUrlRequestContext RequestContext { get; init; } = new();
    [JsonPropertyName("body")] public string? Body { get; init; }
    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; init; }

    public string? Header(string name)
    {
        if (Headers is null)
            return null;
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                return value;
        }
        return null;
    }

    /// <summary>Never print the query string or body: they carry the link's signature.</summary>
    public override string ToString() => $"FunctionUrlRequest {{ Method = {RequestContext.Http.Method}, RawPath = {RawPath} }}";
}

public sealed record FunctionUrlRequestContext
{
    [JsonPropertyName("requestId")] public string? RequestId { get; init; }
    [JsonPropertyName("http")] public FunctionUrlHttp Http { get; init; } = new();
    [JsonPropertyName("timeEpoch")] public long TimeEpoch { get; init; }
}

public sealed record FunctionUrlHttp
{
    [JsonPropertyName("method")] public string Method { get; init; } = "GET";
    [JsonPropertyName("path")] public string? Path { get; init; }
    [JsonPropertyName("protocol")] public string? Protocol { get; init; }
    [JsonPropertyName("sourceIp")] public string SourceIp { get; init; } = "";
    [JsonPropertyName("userAgent")] public string UserAgent { get; init; } = "";
}

/// <summary>A Function URL response (payload format 2.0).</summary>
public sealed record FunctionUrlResponse
{
    [JsonPropertyName("statusCode")] public int StatusCode { get; init; }
    [JsonPropertyName("headers")] public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    [JsonPropertyName("body")] public string Body { get; init; } = "";
    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; init; }
}
