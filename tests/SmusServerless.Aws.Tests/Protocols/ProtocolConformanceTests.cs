using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using SmusServerless.Aws.Protocols;
using SmusServerless.Aws.Tests.Support;

namespace SmusServerless.Aws.Tests.Protocols;

/// <summary>
/// The Smithy/botocore protocol conformance cases in aws-models/protocol-tests, run through our serializer,
/// response parsing and error parsing. Every case is either covered or listed below with why our operations
/// do not need it (the features those cases exercise do not occur in the Step Functions, EventBridge and
/// DataZone operations we call).
/// </summary>
public sealed class ProtocolConformanceTests
{
    private static readonly ProtocolTestJsonContext Json = ProtocolTestJsonContext.Default;

    /// <summary>The protocol-test operations we run, mapped to records shaped like their input and output.</summary>
    private static readonly Dictionary<string, Func<OperationSpec, IAwsOperation>> Covered = new()
    {
        ["EmptyInputAndEmptyOutput"] = s => s.Make(Json.EmptyShape, Json.EmptyShape),
        ["NoInputAndOutput"] = s => s.Make(Json.EmptyShape, Json.EmptyShape),
        ["NoInputAndNoOutput"] = s => s.Make(Json.EmptyShape, Json.EmptyShape),
        ["UnitInputAndOutput"] = s => s.Make(Json.EmptyShape, Json.EmptyShape),
        ["EmptyOperation"] = s => s.Make(Json.EmptyShape, Json.EmptyShape),
        ["IgnoreQueryParamsInResponse"] = s => s.Make(Json.EmptyShape, Json.EmptyShape),
        ["JsonUnions"] = s => s.Make(Json.UnionInputOutput, Json.UnionInputOutput),
        ["KitchenSinkOperation"] = s => s.Make(Json.KitchenSink, Json.KitchenSink),
        ["NullOperation"] = s => s.Make(Json.NullOperationShape, Json.NullOperationShape),
        ["OperationWithOptionalInputOutput"] = s => s.Make(Json.OptionalInputOutput, Json.OptionalInputOutput),
        ["DatetimeOffsets"] = s => s.Make(Json.EmptyShape, Json.DatetimeShape),
        ["FractionalSeconds"] = s => s.Make(Json.EmptyShape, Json.DatetimeShape),
        ["JsonTimestamps"] = s => s.Make(Json.JsonTimestampsShape, Json.JsonTimestampsShape),
        ["JsonMaps"] = s => s.Make(Json.JsonMapsShape, Json.JsonMapsShape),
        ["JsonLists"] = s => s.Make(Json.JsonListsShape, Json.JsonListsShape),
        ["ConstantAndVariableQueryString"] = s => s.Make(Json.ConstantAndVariableQueryStringInput, Json.EmptyShape),
        ["HttpRequestWithLabels"] = s => s.Make(Json.HttpRequestWithLabelsInput, Json.EmptyShape),
        ["OmitsNullSerializesEmptyString"] = s => s.Make(Json.OmitsNullSerializesEmptyStringInput, Json.EmptyShape),
        ["QueryIdempotencyTokenAutoFill"] = s => s.Make(Json.QueryIdempotencyTokenAutoFillInput, Json.EmptyShape),
        ["TestBodyStructure"] = s => s.Make(Json.TestBodyStructureInput, Json.EmptyShape),
        ["TestGetNoInputNoPayload"] = s => s.Make(Json.EmptyShape, Json.EmptyShape),
        ["TestPostNoInputNoPayload"] = s => s.Make(Json.EmptyShape, Json.EmptyShape),
        ["TestGetNoPayload"] = s => s.Make(Json.TestNoPayloadInput, Json.EmptyShape),
        ["TestPostNoPayload"] = s => s.Make(Json.TestNoPayloadInput, Json.EmptyShape),
        ["RecursiveShapes"] = s => s.Make(Json.RecursiveShapesShape, Json.RecursiveShapesShape),
        ["SimpleScalarProperties"] = s => s.Make(Json.SimpleScalarPropertiesShape, Json.SimpleScalarPropertiesShape),
        // Error cases: only the error parser is involved.
        ["GreetingWithErrors"] = s => s.Make(Json.EmptyShape, Json.EmptyShape),
    };

    /// <summary>Operations whose features none of our operations use.</summary>
    private static readonly Dictionary<string, string> NotNeededOperations = new()
    {
        ["EndpointOperation"] = "endpoint host-prefix trait: none of our operations has one",
        ["EndpointWithHostLabelOperation"] = "endpoint host-label trait: none of our operations has one",
        ["HostWithPathOperation"] = "endpoint with a base path: covered by our own ServiceUrl-with-path test, botocore ignores it too",
        ["PutWithContentEncoding"] = "requestCompression trait: not used by our operations",
        ["PutAndGetInlineDocuments"] = "document types: none in our operations",
        ["DocumentType"] = "document types: none in our operations",
        ["DocumentTypeAsMapValue"] = "document types: none in our operations",
        ["DocumentTypeAsPayload"] = "document types: none in our operations",
        ["JsonIntEnums"] = "intEnum shapes: none in our operations",
        ["JsonEnums"] = "enum sets/maps exercised here are plain strings to us; enum values are checked against the models in OperationModelTests",
        ["JsonBlobs"] = "blob members: none in our operations",
        ["AllQueryStringTypes"] = "httpQueryParams maps and list/float/timestamp query members: our query members are strings, integers and booleans",
        ["ConstantQueryString"] = "constant query in the URI template: none of our operations has one (ConstantAndVariableQueryString is covered)",
        ["QueryParamsAsStringListMap"] = "httpQueryParams map: not used",
        ["QueryPrecedence"] = "httpQueryParams map: not used",
        ["HttpChecksumRequired"] = "httpChecksumRequired (Content-MD5): not used",
        ["HttpEnumPayload"] = "httpPayload: not used",
        ["HttpPayloadTraits"] = "httpPayload blobs: not used",
        ["HttpPayloadWithStructure"] = "httpPayload structure: not used",
        ["HttpPayloadWithUnion"] = "httpPayload union: not used",
        ["HttpStringPayload"] = "httpPayload string: not used",
        ["HttpPrefixHeaders"] = "httpPrefixHeaders: not used",
        ["HttpPrefixHeadersInResponse"] = "httpPrefixHeaders: not used",
        ["HttpRequestWithFloatLabels"] = "float labels: our labels are strings",
        ["HttpRequestWithGreedyLabelInPath"] = "greedy labels: none in our URI templates",
        ["HttpRequestWithLabelsAndTimestampFormat"] = "timestamp labels with formats: our labels are strings",
        ["HttpRequestWithRegexLiteral"] = "regex literal in URI: none in ours",
        ["HttpResponseCode"] = "httpResponseCode output member: not used",
        ["InputAndOutputWithHeaders"] = "header-bound members: none in our operations",
        ["NullAndEmptyHeadersClient"] = "header-bound members: none in our operations",
        ["TimestampFormatHeaders"] = "header-bound members: none in our operations",
        ["MediaTypeHeader"] = "mediaType header members: not used",
        ["OmitsSerializingEmptyLists"] = "list-typed query members: none in our operations",
        ["TestPayloadBlob"] = "httpPayload blob: not used",
        ["TestPayloadStructure"] = "httpPayload structure: not used",
        ["PostUnionWithJsonName"] = "jsonName trait: not used by our models",
    };

    /// <summary>Single cases of covered operations that exercise a feature our operations do not have.</summary>
    private static readonly Dictionary<string, string> NotNeededCases = new()
    {
        ["AwsJson10SerializeBlobUnionValue"] = "blob members: none in our operations",
        ["AwsJson10SerializeIntEnumUnionValue"] = "intEnum: none",
        ["AwsJson10DeserializeBlobUnionValue"] = "blob members: none",
        ["AwsJson10DeserializeIntEnumUnionValue"] = "intEnum: none",
        ["AwsJson11SerializeBlobUnionValue"] = "blob members: none",
        ["AwsJson11DeserializeBlobUnionValue"] = "blob members: none",
        ["RestJsonSerializeBlobUnionValue"] = "blob members: none",
        ["RestJsonDeserializeBlobUnionValue"] = "blob members: none",
        ["serializes_string_shapes_with_jsonvalue_trait"] = "jsonvalue trait: not used",
        ["serializes_float_shapes"] = "float members: none",
        ["serializes_double_shapes"] = "double members: none",
        ["serializes_blob_shapes"] = "blob members: none",
        ["serializes_timestamp_shapes_with_httpdate_timestampformat"] = "http-date timestamps: none in our bodies",
        ["parses_float_shapes"] = "float members: none",
        ["parses_double_shapes"] = "double members: none",
        ["parses_blob_shapes"] = "blob members: none",
        ["parses_httpdate_timestamps"] = "http-date timestamps: none in our bodies",
        ["parses_the_request_id_from_the_response"] = "request ids are carried by our exceptions; successful outputs are the model's shape only",
        ["RestJsonJsonTimestampsWithHttpDateFormat"] = "http-date timestamps: none",
        ["RestJsonJsonTimestampsWithHttpDateOnTargetFormat"] = "http-date timestamps: none",
        ["RestJsonLists"] = "lists of timestamps, int enums and nested lists: none in our operations",
        ["RestJsonSimpleScalarProperties"] = "header-bound member and float/byte/short scalars: none in ours",
        ["RestJsonSupportsNaNFloatInputs"] = "float/double members: none",
        ["RestJsonSupportsInfinityFloatInputs"] = "float/double members: none",
        ["RestJsonSupportsNegativeInfinityFloatInputs"] = "float/double members: none",
        ["AwsJson10SupportsNaNFloatInputs"] = "float/double members: none",
        ["AwsJson10SupportsInfinityFloatInputs"] = "float/double members: none",
        ["AwsJson10SupportsNegativeInfinityFloatInputs"] = "float/double members: none",
        ["AwsJson11SupportsNaNFloatInputs"] = "float/double members: none",
        ["AwsJson11SupportsInfinityFloatInputs"] = "float/double members: none",
        ["AwsJson11SupportsNegativeInfinityFloatInputs"] = "float/double members: none",
        ["RestJsonGreetingWithErrors"] = "header-bound output member: none in ours",
        ["RestJsonGreetingWithErrorsNoPayload"] = "header-bound output member: none in ours",
    };

    public sealed record OperationSpec(AwsServiceMetadata Service, string Name, string Method, string Uri, IReadOnlyList<OperationMember> Members)
    {
        public IAwsOperation Make<TRequest, TResponse>(JsonTypeInfo<TRequest> request, JsonTypeInfo<TResponse> response)
            where TRequest : class
        {
            var members = Members;
            return new AwsOperation<TRequest, TResponse>(
                Service, Name, Method, Uri, 200, Name + "Input", Name + "Output", members, request, response,
                BoundMemberValue: (r, name) => typeof(TRequest).GetProperty(members.Single(m => m.MemberName == name).PropertyName)?.GetValue(r),
                MissingRequiredMembers: _ => [],
                FillIdempotencyTokens: members.Any(m => m.IdempotencyToken)
                    ? (r, token) =>
                    {
                        foreach (var member in members.Where(m => m.IdempotencyToken))
                        {
                            var property = typeof(TRequest).GetProperty(member.PropertyName)!;
                            if (property.GetValue(r) is null)
                                property.SetValue(r, token());
                        }
                        return r;
                    }
                    : null);
        }
    }

    private static readonly string[] Files = ["json_1_0.json", "json.json", "rest-json.json"];

    public static TheoryData<string, string, int, int> Cases()
    {
        var data = new TheoryData<string, string, int, int>();
        foreach (var direction in new[] { "input", "output" })
            foreach (var file in Files)
            {
                var suites = AwsModels.Load("protocol-tests", direction, file).AsArray();
                for (var s = 0; s < suites.Count; s++)
                    for (var c = 0; c < suites[s]!["cases"]!.AsArray().Count; c++)
                        data.Add(direction, file, s, c);
            }
        return data;
    }

    [Fact]
    public void Every_case_is_covered_or_explained()
    {
        var coveredCount = 0;
        foreach (var row in Cases())
        {
            var (direction, file, s, c) = ((string)row[0], (string)row[1], (int)row[2], (int)row[3]);
            var testCase = AwsModels.Load("protocol-tests", direction, file)[s]!["cases"]![c]!;
            var operation = testCase["given"]!["name"]!.GetValue<string>();
            var id = CaseId(testCase);
            var explained = NotNeededOperations.ContainsKey(operation) || NotNeededCases.ContainsKey(id);
            Assert.True(explained || Covered.ContainsKey(operation), $"{direction}/{file} {operation} {id}: neither covered nor explained");
            Assert.False(NotNeededOperations.ContainsKey(operation) && Covered.ContainsKey(operation), $"{operation} is both covered and explained");
            if (!explained)
                coveredCount++;
        }
        Assert.True(coveredCount >= 120, $"only {coveredCount} cases covered");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conformance_case(string direction, string file, int suiteIndex, int caseIndex)
    {
        var suite = AwsModels.Load("protocol-tests", direction, file)[suiteIndex]!;
        var testCase = suite["cases"]![caseIndex]!;
        var operationName = testCase["given"]!["name"]!.GetValue<string>();
        if (NotNeededOperations.ContainsKey(operationName) || NotNeededCases.ContainsKey(CaseId(testCase)))
            return; // Explained above; Every_case_is_covered_or_explained keeps the lists honest.
        var spec = Spec(suite, testCase);
        var operation = Covered[operationName](spec);
        if (direction == "input")
            RunInputCase(suite, testCase, operation);
        else
            RunOutputCase(testCase, operation);
    }

    private static void RunInputCase(JsonNode suite, JsonNode testCase, IAwsOperation operation)
    {
        var request = BuildRequest(suite, testCase, operation);
        if (operation.InputMembers.Any(m => m.IdempotencyToken))
            request = FillTokens(operation, request);

        var wire = operation.SerializeRequest(request);

        var expected = testCase["serialized"]!;
        Assert.Equal(expected["method"]!.GetValue<string>(), wire.Method);
        Assert.Equal(expected["uri"]!.GetValue<string>(), wire.Query.Length == 0 ? wire.Path : wire.Path + "?" + wire.Query);
        foreach (var (name, value) in expected["headers"] as JsonObject ?? [])
            Assert.Contains(wire.Headers, h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase) && h.Value == value!.GetValue<string>());
        foreach (var forbidden in expected["forbidHeaders"] as JsonArray ?? [])
        {
            var name = forbidden!.GetValue<string>();
            Assert.DoesNotContain(wire.Headers, h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                Assert.Empty(wire.Body);
        }
        if (expected.AsObject().TryGetPropertyValue("body", out var body) && body is not null)
        {
            var text = body.GetValue<string>();
            if (text.Length == 0)
                Assert.Empty(wire.Body);
            else
                JsonAssert.Equivalent(JsonNode.Parse(text), JsonNode.Parse(wire.Body));
        }
    }

    private static void RunOutputCase(JsonNode testCase, IAwsOperation operation)
    {
        var response = testCase["response"]!;
        var status = response["status_code"]!.GetValue<int>();
        var headers = (response["headers"] as JsonObject ?? []).Select(h => new KeyValuePair<string, string>(h.Key, h.Value!.GetValue<string>())).ToList();
        var body = Encoding.UTF8.GetBytes(response["body"]?.GetValue<string>() ?? "");
        if (testCase["errorCode"]?.GetValue<string>() is { } errorCode)
        {
            var error = AwsErrorParser.Parse(status, headers, body);
            Assert.Equal(errorCode, error.Code);
            if (testCase["errorMessage"]?.GetValue<string>() is { } message)
                Assert.Equal(message, error.Message);
            Assert.Equal(status, error.StatusCode);
            return;
        }
        Assert.InRange(status, 200, 299);
        var parsed = JsonSerializer.Deserialize(body.Length == 0 || body.All(b => b is (byte)' ' or (byte)'\n') ? "{}"u8 : body, operation.ResponseJsonTypeInfo);
        var actual = JsonAssert.TimestampsAsEpochSeconds(JsonNode.Parse(JsonSerializer.Serialize(parsed, operation.ResponseJsonTypeInfo)));
        JsonAssert.Equivalent(testCase["result"] ?? new JsonObject(), actual);
    }

    private static OperationSpec Spec(JsonNode suite, JsonNode testCase)
    {
        var metadata = suite["metadata"]!;
        var protocol = metadata["protocol"]!.GetValue<string>() == "rest-json" ? AwsProtocol.RestJson1
            : metadata["jsonVersion"]!.GetValue<string>() == "1.0" ? AwsProtocol.AwsJson1_0 : AwsProtocol.AwsJson1_1;
        var service = new AwsServiceMetadata("ProtocolTests", "service", "service", metadata["apiVersion"]?.GetValue<string>() ?? "2020", protocol, metadata["targetPrefix"]?.GetValue<string>());
        var given = testCase["given"]!;
        var members = new List<OperationMember>();
        if (given["input"]?["shape"]?.GetValue<string>() is { } inputShape)
        {
            var shape = suite["shapes"]![inputShape]!;
            var required = shape["required"] is JsonArray r ? r.Select(x => x!.GetValue<string>()).ToHashSet() : [];
            foreach (var (member, reference) in shape["members"]!.AsObject())
            {
                var location = reference!["location"]?.GetValue<string>() switch
                {
                    "uri" => MemberLocation.Uri,
                    "querystring" => MemberLocation.Query,
                    "header" => MemberLocation.Header,
                    _ => MemberLocation.Body,
                };
                var wireName = location == MemberLocation.Body ? member : reference["locationName"]?.GetValue<string>() ?? member;
                members.Add(new OperationMember(member, char.ToUpperInvariant(member[0]) + member[1..], wireName, location, required.Contains(member), reference["idempotencyToken"]?.GetValue<bool>() ?? false));
            }
        }
        var http = given["http"];
        return new OperationSpec(service, given["name"]!.GetValue<string>(), http?["method"]?.GetValue<string>() ?? "POST", http?["requestUri"]?.GetValue<string>() ?? "/", members);
    }

    private static object BuildRequest(JsonNode suite, JsonNode testCase, IAwsOperation operation)
    {
        var parameters = testCase["params"] as JsonObject ?? [];
        var inputShape = testCase["given"]!["input"]?["shape"]?.GetValue<string>();
        var body = new JsonObject();
        var bound = new List<(OperationMember Member, JsonNode? Value)>();
        foreach (var (name, value) in parameters)
        {
            var member = operation.InputMembers.Single(m => m.MemberName == name);
            if (member.Location != MemberLocation.Body)
            {
                bound.Add((member, value));
                continue;
            }
            body[name] = IsIsoTimestamp(suite, inputShape!, name) && value is JsonValue v && v.TryGetValue<decimal>(out var seconds)
                ? AwsWireFormat.Iso8601(DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)))
                : value?.DeepClone();
        }
        var request = JsonSerializer.Deserialize(body.ToJsonString(), operation.RequestJsonTypeInfo)!;
        foreach (var (member, value) in bound)
        {
            var property = operation.RequestType.GetProperty(member.PropertyName)!;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object? converted = value is null ? null
                : type == typeof(DateTimeOffset) ? DateTimeOffset.FromUnixTimeSeconds(value.GetValue<long>())
                : type == typeof(string) ? value.GetValue<string>()
                : Convert.ChangeType(value.ToJsonString(), type, CultureInfo.InvariantCulture);
            property.SetValue(request, converted);
        }
        return request;
    }

    private static object FillTokens(IAwsOperation operation, object request)
    {
        var method = operation.GetType().GetMethod("WithIdempotencyTokens")!;
        return method.Invoke(operation, [request, (Func<string>)(() => "00000000-0000-4000-8000-000000000000")])!;
    }

    private static bool IsIsoTimestamp(JsonNode suite, string inputShape, string member)
    {
        var reference = suite["shapes"]![inputShape]!["members"]![member]!;
        var target = suite["shapes"]![reference["shape"]!.GetValue<string>()]!;
        return target["type"]!.GetValue<string>() == "timestamp"
            && (reference["timestampFormat"] ?? target["timestampFormat"])?.GetValue<string>() == "iso8601";
    }

    private static string CaseId(JsonNode testCase) => testCase["id"]?.GetValue<string>() ?? testCase["description"]!.GetValue<string>();
}
