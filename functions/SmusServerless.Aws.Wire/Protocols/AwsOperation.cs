using System.Text.Json.Serialization.Metadata;

namespace SmusServerless.Aws.Protocols;

/// <summary>The wire protocols of the services we call (metadata.protocol / jsonVersion in service-2.json).</summary>
public enum AwsProtocol
{
    AwsJson1_0,
    AwsJson1_1,
    RestJson1,

    /// <summary>awsQuery: a form-encoded POST (<c>Action</c>, <c>Version</c>, the members), an XML answer and XML errors (CloudFormation).</summary>
    AwsQuery,
}

/// <summary>A service's identity from its model's metadata.</summary>
public sealed record AwsServiceMetadata(string ServiceId, string SigningName, string EndpointPrefix, string ApiVersion, AwsProtocol Protocol, string? TargetPrefix, string? XmlNamespace = null);

/// <summary>Where an input member travels (the model's <c>location</c> trait).</summary>
public enum MemberLocation
{
    Body,
    Uri,
    Query,
    Header,
}

/// <summary>One input member: its model name, C# property, wire name and placement.</summary>
public sealed record OperationMember(string MemberName, string PropertyName, string WireName, MemberLocation Location, bool Required, bool IdempotencyToken);

/// <summary>An operation's wire binding, enumerable without knowing its request/response types.</summary>
public interface IAwsOperation
{
    AwsServiceMetadata Service { get; }
    string Name { get; }
    string HttpMethod { get; }
    string RequestUri { get; }
    int SuccessStatusCode { get; }
    string InputShape { get; }
    string OutputShape { get; }
    IReadOnlyList<OperationMember> InputMembers { get; }
    JsonTypeInfo RequestJsonTypeInfo { get; }
    JsonTypeInfo ResponseJsonTypeInfo { get; }
    Type RequestType { get; }
    Type ResponseType { get; }

    /// <summary>Serialises a request of <see cref="RequestType"/> (validation included) without knowing its type statically.</summary>
    AwsHttpRequest SerializeRequest(object request);

    /// <summary>Server side: rebuilds the typed request from what arrived (labels, query, headers, body), validating required members.</summary>
    object ReadRequest(IReadOnlyDictionary<string, string> labels, IReadOnlyList<KeyValuePair<string, string>> query, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> body);

    /// <summary>Server side: the body of a response of <see cref="ResponseType"/> (JSON, or awsQuery's XML).</summary>
    byte[] WriteResponse(object response);
}

/// <summary>A typed operation: how to bind <typeparamref name="TRequest"/> to HTTP and read <typeparamref name="TResponse"/> back.</summary>
public sealed class AwsOperation<TRequest, TResponse>(
    AwsServiceMetadata Service,
    string Name,
    string HttpMethod,
    string RequestUri,
    int SuccessStatusCode,
    string InputShape,
    string OutputShape,
    IReadOnlyList<OperationMember> InputMembers,
    JsonTypeInfo<TRequest> RequestTypeInfo,
    JsonTypeInfo<TResponse> ResponseTypeInfo,
    Func<TRequest, string, object?> BoundMemberValue,
    Func<TRequest, IEnumerable<string>> MissingRequiredMembers,
    Func<TRequest, Func<string>, TRequest>? FillIdempotencyTokens,
    Func<TRequest, IEnumerable<string?>>? SensitiveValues = null,
    Func<TRequest, string, string, TRequest>? BindMember = null,
    Func<TRequest, string?>? UnsupportedUse = null,
    Query.QueryShape? InputQueryShape = null,
    Query.QueryShape? OutputQueryShape = null) : IAwsOperation
    where TRequest : class
{
    public AwsServiceMetadata Service { get; } = Service;
    public string Name { get; } = Name;
    public string HttpMethod { get; } = HttpMethod;
    public string RequestUri { get; } = RequestUri;
    public int SuccessStatusCode { get; } = SuccessStatusCode;
    public string InputShape { get; } = InputShape;
    public string OutputShape { get; } = OutputShape;
    public IReadOnlyList<OperationMember> InputMembers { get; } = InputMembers;
    public JsonTypeInfo<TRequest> RequestTypeInfo { get; } = RequestTypeInfo;
    public JsonTypeInfo<TResponse> ResponseTypeInfo { get; } = ResponseTypeInfo;
    public JsonTypeInfo RequestJsonTypeInfo => RequestTypeInfo;
    public JsonTypeInfo ResponseJsonTypeInfo => ResponseTypeInfo;
    public Type RequestType => typeof(TRequest);
    public Type ResponseType => typeof(TResponse);

    /// <summary>awsQuery only: the input and output shapes' serialisation traits (form keys, XML element names).</summary>
    public Query.QueryShape? InputQuery { get; } = InputQueryShape;

    public Query.QueryShape? OutputQuery { get; } = OutputQueryShape;

    public AwsHttpRequest SerializeRequest(object request) => AwsRequestSerializer.Serialize(this, (TRequest)request);

    public object ReadRequest(IReadOnlyDictionary<string, string> labels, IReadOnlyList<KeyValuePair<string, string>> query, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> body)
        => AwsRequestReader.Read(this, labels, query, headers, body);

    public byte[] WriteResponse(object response) => Service.Protocol == AwsProtocol.AwsQuery
        ? Query.QueryXml.WriteResponse(Name, Service.XmlNamespace, OutputQuery,
            System.Text.Json.JsonSerializer.SerializeToNode((TResponse)response, ResponseTypeInfo) as System.Text.Json.Nodes.JsonObject, Guid.NewGuid().ToString())
        : System.Text.Json.JsonSerializer.SerializeToUtf8Bytes((TResponse)response, ResponseTypeInfo);

    /// <summary>Client side: a success body read as <typeparamref name="TResponse"/> (JSON, or awsQuery's XML through its JSON form).</summary>
    public TResponse ReadResponse(ReadOnlySpan<byte> body)
    {
        if (Service.Protocol == AwsProtocol.AwsQuery)
        {
            System.Text.Json.Nodes.JsonObject json;
            try
            {
                json = Query.QueryXml.ReadResponse(Name, OutputQuery, body);
            }
            catch (Exception e) when (e is System.Xml.XmlException or FormatException)
            {
                throw new System.Text.Json.JsonException($"the XML does not read as {OutputShape}: {e.Message}", e);
            }
            return System.Text.Json.JsonSerializer.Deserialize(json, ResponseTypeInfo) ?? throw new System.Text.Json.JsonException("The response was empty.");
        }
        return System.Text.Json.JsonSerializer.Deserialize(body.IsEmpty ? "{}"u8 : body, ResponseTypeInfo)
            ?? throw new System.Text.Json.JsonException("The response body was JSON null.");
    }

    /// <summary>Sets a URI/query/header member from its wire text (server side).</summary>
    public TRequest WithBoundMember(TRequest request, string memberName, string text)
        => BindMember is null ? request : BindMember(request, memberName, text);

    /// <summary>The value of a URI/query/header member (by model member name), or null.</summary>
    public object? GetBoundValue(TRequest request, string memberName) => BoundMemberValue(request, memberName);

    /// <summary>Model names of required members that are not set.</summary>
    public IReadOnlyList<string> FindMissingRequiredMembers(TRequest request) => MissingRequiredMembers(request).ToList();

    /// <summary>Values of top-level sensitive members (task tokens, secrets) that must never be echoed in errors or logs.</summary>
    public IEnumerable<string?> GetSensitiveValues(TRequest request) => SensitiveValues is null ? [] : SensitiveValues(request);

    /// <summary>Why this request uses a feature this client deliberately does not implement, or null.</summary>
    public string? FindUnsupportedUse(TRequest request) => UnsupportedUse?.Invoke(request);

    /// <summary>Fills every absent <c>idempotencyToken</c> member with a fresh token.</summary>
    public TRequest WithIdempotencyTokens(TRequest request, Func<string> newToken)
        => FillIdempotencyTokens is null ? request : FillIdempotencyTokens(request, newToken);
}
