using System.Text;
using System.Text.Json;
using SmusServerless.Aws.Signing;

namespace SmusServerless.Aws.Protocols;

/// <summary>A serialised request, before the endpoint and the signature are applied.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path with every label percent-encoded.</param>
/// <param name="Query">Encoded query string without '?', or empty.</param>
/// <param name="Headers">Protocol headers (Content-Type, X-Amz-Target, header-bound members).</param>
/// <param name="Body">The body bytes (empty for none).</param>
public sealed record AwsHttpRequest(string Method, string Path, string Query, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);

/// <summary>A request that cannot be sent as given (a required member is missing, a label is empty).</summary>
public sealed class AwsRequestValidationException(string operation, string message) : ArgumentException($"{operation}: {message}")
{
    public string Operation { get; } = operation;
}

/// <summary>Turns a typed request into HTTP for awsJson1_0, awsJson1_1, restJson1 and awsQuery.</summary>
public static class AwsRequestSerializer
{
    public static AwsHttpRequest Serialize<TRequest, TResponse>(AwsOperation<TRequest, TResponse> operation, TRequest request)
        where TRequest : class
    {
        var missing = operation.FindMissingRequiredMembers(request);
        if (missing.Count > 0)
            throw new AwsRequestValidationException(operation.Name, $"required member(s) not set: {string.Join(", ", missing)}.");
        if (operation.FindUnsupportedUse(request) is { } unsupported)
            throw new AwsRequestValidationException(operation.Name, unsupported);
        return operation.Service.Protocol switch
        {
            AwsProtocol.AwsJson1_0 => SerializeAwsJson(operation, request, "application/x-amz-json-1.0"),
            AwsProtocol.AwsJson1_1 => SerializeAwsJson(operation, request, "application/x-amz-json-1.1"),
            AwsProtocol.RestJson1 => SerializeRestJson(operation, request),
            AwsProtocol.AwsQuery => SerializeQuery(operation, request),
            _ => throw new NotSupportedException($"Protocol {operation.Service.Protocol} is not supported."),
        };
    }

    private static AwsHttpRequest SerializeAwsJson<TRequest, TResponse>(AwsOperation<TRequest, TResponse> operation, TRequest request, string contentType)
        where TRequest : class
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", contentType),
            new("X-Amz-Target", $"{operation.Service.TargetPrefix}.{operation.Name}"),
        };
        return new AwsHttpRequest("POST", "/", "", headers, JsonSerializer.SerializeToUtf8Bytes(request, operation.RequestTypeInfo));
    }

    private static AwsHttpRequest SerializeQuery<TRequest, TResponse>(AwsOperation<TRequest, TResponse> operation, TRequest request)
        where TRequest : class
    {
        var json = JsonSerializer.SerializeToNode(request, operation.RequestTypeInfo) as System.Text.Json.Nodes.JsonObject;
        var body = Query.QueryForm.Write(operation.Name, operation.Service.ApiVersion, operation.InputQuery, json);
        return new AwsHttpRequest("POST", "/", "", [new("Content-Type", Query.QueryForm.ContentType)], Encoding.UTF8.GetBytes(body));
    }

    private static AwsHttpRequest SerializeRestJson<TRequest, TResponse>(AwsOperation<TRequest, TResponse> operation, TRequest request)
        where TRequest : class
    {
        var template = operation.RequestUri;
        var questionMark = template.IndexOf('?');
        var pathTemplate = questionMark < 0 ? template : template[..questionMark];
        var query = new List<string>();
        if (questionMark >= 0)
            query.AddRange(template[(questionMark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries));

        var path = ExpandLabels(operation, request, pathTemplate);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var member in operation.InputMembers)
        {
            var texts = member.Location is MemberLocation.Query or MemberLocation.Header
                ? AwsWireFormat.Format(operation.GetBoundValue(request, member.MemberName))
                : null;
            if (texts is null)
                continue;
            if (member.Location == MemberLocation.Query)
                query.AddRange(texts.Select(t => $"{SigV4Canonicalizer.UriEncode(member.WireName)}={SigV4Canonicalizer.UriEncode(t)}"));
            else
                headers.Add(new(member.WireName, string.Join(',', texts)));
        }

        var body = Array.Empty<byte>();
        if (operation.InputMembers.Any(m => m.Location == MemberLocation.Body))
        {
            body = JsonSerializer.SerializeToUtf8Bytes(request, operation.RequestTypeInfo);
            headers.Insert(0, new("Content-Type", "application/json"));
        }
        return new AwsHttpRequest(operation.HttpMethod, path, string.Join('&', query), headers, body);
    }

    private static string ExpandLabels<TRequest, TResponse>(AwsOperation<TRequest, TResponse> operation, TRequest request, string pathTemplate)
        where TRequest : class
    {
        var builder = new StringBuilder(pathTemplate.Length + 32);
        var position = 0;
        while (position < pathTemplate.Length)
        {
            var open = pathTemplate.IndexOf('{', position);
            if (open < 0)
            {
                builder.Append(pathTemplate, position, pathTemplate.Length - position);
                break;
            }
            var close = pathTemplate.IndexOf('}', open);
            builder.Append(pathTemplate, position, open - position);
            var label = pathTemplate[(open + 1)..close];
            var greedy = label.EndsWith('+');
            var wireName = greedy ? label[..^1] : label;
            var member = operation.InputMembers.FirstOrDefault(m => m.Location == MemberLocation.Uri && m.WireName == wireName)
                ?? throw new InvalidOperationException($"{operation.Name}: URI label {{{label}}} has no member.");
            var text = AwsWireFormat.Format(operation.GetBoundValue(request, member.MemberName))?.SingleOrDefault();
            if (string.IsNullOrEmpty(text))
                throw new AwsRequestValidationException(operation.Name, $"URI label member '{member.MemberName}' must not be empty.");
            builder.Append(greedy
                ? string.Join('/', text.Split('/').Select(SigV4Canonicalizer.UriEncode))
                : SigV4Canonicalizer.UriEncode(text));
            position = close + 1;
        }
        return builder.ToString();
    }
}
