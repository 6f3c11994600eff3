using System.Text.Json;

namespace SmusServerless.Aws.Protocols;

/// <summary>
/// The server side of the protocols, for local stand-ins of the services: find the operation a request
/// addresses and rebuild its typed request, with the same bindings the clients use to send it.
/// </summary>
public static class AwsRequestReader
{
    /// <summary>The operation a request addresses: by X-Amz-Target for awsJson, by method and URI template for restJson.</summary>
    public static AwsRouteMatch? Match(IEnumerable<IAwsOperation> operations, string method, string rawPath, string? amzTarget)
    {
        foreach (var operation in operations)
        {
            if (operation.Service.Protocol == AwsProtocol.AwsQuery)
                continue; // Found by its Action form field: MatchQueryAction.
            if (operation.Service.Protocol != AwsProtocol.RestJson1)
            {
                if (amzTarget == $"{operation.Service.TargetPrefix}.{operation.Name}" && method == "POST")
                    return new AwsRouteMatch(operation, new Dictionary<string, string>());
                continue;
            }
            if (!string.Equals(method, operation.HttpMethod, StringComparison.OrdinalIgnoreCase))
                continue;
            if (MatchTemplate(operation.RequestUri.Split('?')[0], rawPath) is { } labels)
                return new AwsRouteMatch(operation, labels);
        }
        return null;
    }

    /// <summary>The awsQuery operation a form body's <c>Action</c> names (and whose <c>Version</c> it gives), or null.</summary>
    public static IAwsOperation? MatchQueryAction(IEnumerable<IAwsOperation> operations, ReadOnlySpan<byte> body)
    {
        var form = Query.QueryForm.Parse(body);
        var action = form.FirstOrDefault(p => p.Key == "Action").Value;
        var version = form.FirstOrDefault(p => p.Key == "Version").Value;
        return operations.FirstOrDefault(o => o.Service.Protocol == AwsProtocol.AwsQuery && o.Name == action && o.Service.ApiVersion == version);
    }

    internal static TRequest Read<TRequest, TResponse>(
        AwsOperation<TRequest, TResponse> operation,
        IReadOnlyDictionary<string, string> labels,
        IReadOnlyList<KeyValuePair<string, string>> query,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> body)
        where TRequest : class
    {
        TRequest request;
        try
        {
            request = operation.Service.Protocol == AwsProtocol.AwsQuery
                ? JsonSerializer.Deserialize(Query.QueryForm.Read(operation.InputQuery, Query.QueryForm.Parse(body)), operation.RequestTypeInfo) ?? throw new JsonException("The form is empty.")
                : JsonSerializer.Deserialize(body.IsEmpty ? "{}"u8 : body, operation.RequestTypeInfo)
                ?? throw new JsonException("The body is JSON null.");
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new AwsRequestValidationException(operation.Name, $"the body is not a valid {operation.InputShape}: {e.Message}");
        }
        foreach (var member in operation.InputMembers)
        {
            string? text = member.Location switch
            {
                MemberLocation.Uri => labels.TryGetValue(member.WireName, out var label) ? label : null,
                MemberLocation.Query => query.FirstOrDefault(p => p.Key == member.WireName).Value,
                MemberLocation.Header => headers.FirstOrDefault(h => h.Key.Equals(member.WireName, StringComparison.OrdinalIgnoreCase)).Value,
                _ => null,
            };
            if (text is null)
                continue;
            try
            {
                request = operation.WithBoundMember(request, member.MemberName, text);
            }
            catch (FormatException e)
            {
                throw new AwsRequestValidationException(operation.Name, $"{member.Location.ToString().ToLowerInvariant()} member '{member.WireName}': {e.Message}");
            }
        }
        var missing = operation.FindMissingRequiredMembers(request);
        if (missing.Count > 0)
            throw new AwsRequestValidationException(operation.Name, $"required member(s) not set: {string.Join(", ", missing)}.");
        return request;
    }

    private static Dictionary<string, string>? MatchTemplate(string template, string rawPath)
    {
        var templateSegments = template.Trim('/').Split('/');
        var pathSegments = rawPath.Trim('/').Split('/');
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < templateSegments.Length; i++)
        {
            var segment = templateSegments[i];
            if (segment.StartsWith('{') && segment.EndsWith('}'))
            {
                var name = segment[1..^1];
                if (name.EndsWith('+'))
                {
                    if (i >= pathSegments.Length)
                        return null;
                    labels[name[..^1]] = Uri.UnescapeDataString(string.Join('/', pathSegments[i..]));
                    return labels;
                }
                if (i >= pathSegments.Length || pathSegments[i].Length == 0)
                    return null;
                labels[name] = Uri.UnescapeDataString(pathSegments[i]);
                continue;
            }
            if (i >= pathSegments.Length || !string.Equals(segment, pathSegments[i], StringComparison.Ordinal))
                return null;
        }
        return templateSegments.Length == pathSegments.Length ? labels : null;
    }
}

/// <summary>The operation a request addresses, with its decoded URI labels.</summary>
public sealed record AwsRouteMatch(IAwsOperation Operation, IReadOnlyDictionary<string, string> Labels);

/// <summary>Writes error responses the way the services do, so clients (ours and the AWS SDKs) parse them.</summary>
public static class AwsErrorWriter
{
    /// <summary>Headers and body of an error: restJson carries the code in x-amzn-ErrorType, awsJson in __type; both give a message; awsQuery answers XML.</summary>
    public static (IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body) Write(AwsProtocol protocol, string code, string message, string requestId)
    {
        if (protocol == AwsProtocol.AwsQuery)
            return ([new("Content-Type", Query.QueryXml.ContentType), new("x-amzn-RequestId", requestId)], Query.QueryXml.WriteError(code, message, requestId, senderFault: true));
        var contentType = protocol switch
        {
            AwsProtocol.AwsJson1_0 => "application/x-amz-json-1.0",
            AwsProtocol.AwsJson1_1 => "application/x-amz-json-1.1",
            _ => "application/json",
        };
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", contentType),
            new("x-amzn-RequestId", requestId),
            new("x-amzn-ErrorType", code),
        };
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (protocol != AwsProtocol.RestJson1)
                writer.WriteString("__type", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }
        return (headers, buffer.ToArray());
    }
}
