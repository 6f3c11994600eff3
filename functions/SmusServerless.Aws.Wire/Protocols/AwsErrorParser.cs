using System.Text.Json;

namespace SmusServerless.Aws.Protocols;

/// <summary>An error response reduced to what the protocols define (JSON, or awsQuery's XML).</summary>
/// <param name="Code">The bare error shape name, e.g. ThrottlingException.</param>
/// <param name="Message">The service's message (may be empty).</param>
/// <param name="RequestId">x-amzn-RequestId (or x-amz-request-id), when sent.</param>
/// <param name="StatusCode">HTTP status.</param>
/// <param name="Body">The parsed JSON body, when it was a JSON object.</param>
public sealed record AwsErrorResponse(string Code, string Message, string? RequestId, int StatusCode, JsonElement? Body);

/// <summary>
/// Reads an error response: the code comes from the <c>x-amzn-ErrorType</c> header, else the body's
/// <c>code</c> or <c>__type</c>; anything after ':' and up to the last '#' is stripped.
/// </summary>
public static class AwsErrorParser
{
    public static AwsErrorResponse Parse(int statusCode, IEnumerable<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> body)
    {
        string? headerCode = null, requestId = null;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("x-amzn-ErrorType", StringComparison.OrdinalIgnoreCase))
                headerCode = value;
            else if (name.Equals("x-amzn-RequestId", StringComparison.OrdinalIgnoreCase) || (requestId is null && name.Equals("x-amz-request-id", StringComparison.OrdinalIgnoreCase)))
                requestId = value;
        }

        JsonElement? json = null;
        string? bodyCode = null, message = null;
        if (LooksLikeXml(body))
        {
            (bodyCode, message, var xmlRequestId) = ReadXmlError(body);
            requestId ??= xmlRequestId;
        }
        else if (!body.IsEmpty)
        {
            try
            {
                using var document = JsonDocument.Parse(body.ToArray());
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    json = document.RootElement.Clone();
                    foreach (var property in json.Value.EnumerateObject())
                    {
                        if (property.Value.ValueKind != JsonValueKind.String)
                            continue;
                        switch (property.Name)
                        {
                            case "code" or "Code" when bodyCode is null:
                            case "__type":
                                bodyCode = property.Value.GetString();
                                break;
                            case "message" or "Message" or "errorMessage":
                                message ??= property.Value.GetString();
                                break;
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // A proxy or load balancer may answer with HTML or text: fall back to the status code.
            }
        }

        var code = Sanitize(headerCode) ?? Sanitize(bodyCode) ?? CodeForStatus(statusCode);
        return new AwsErrorResponse(code, message ?? "", requestId, statusCode, json);
    }

    private static bool LooksLikeXml(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        return !trimmed.IsEmpty && trimmed[0] == (byte)'<';
    }

    /// <summary>awsQuery's <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;</c> (and EC2's <c>&lt;Response&gt;&lt;Errors&gt;</c>).</summary>
    private static (string? Code, string? Message, string? RequestId) ReadXmlError(ReadOnlySpan<byte> body)
    {
        try
        {
            var root = Query.QueryXml.Load(body).Root;
            var error = root?.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            string? Child(System.Xml.Linq.XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            var requestId = root?.Descendants().FirstOrDefault(e => e.Name.LocalName is "RequestId" or "RequestID")?.Value;
            return (Child(error, "Code"), Child(error, "Message"), requestId);
        }
        catch (System.Xml.XmlException)
        {
            // Not XML after all (an HTML error page): fall back to the status code.
            return (null, null, null);
        }
    }

    /// <summary>Strips a trailing ':uri' and a leading 'namespace#' from a raw error code.</summary>
    public static string? Sanitize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        var code = raw.Trim();
        var colon = code.IndexOf(':');
        if (colon >= 0)
            code = code[..colon];
        var hash = code.LastIndexOf('#');
        if (hash >= 0)
            code = code[(hash + 1)..];
        return code.Length == 0 ? null : code;
    }

    private static string CodeForStatus(int statusCode) => statusCode switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "AccessDenied",
        404 => "NotFound",
        409 => "Conflict",
        429 => "TooManyRequests",
        503 => "ServiceUnavailable",
        >= 500 => "InternalServerError",
        _ => $"Http{statusCode}",
    };
}
