using System.Text;
using System.Text.Json.Nodes;
using SmusServerless.Aws.Protocols;
using SmusServerless.Aws.Protocols.Query;
using SmusServerless.Aws.Tests.Support;

namespace SmusServerless.Aws.Tests.Protocols;

/// <summary>
/// botocore's awsQuery conformance cases (aws-models/protocol-tests/{input,output}/query.json) through our form
/// serializer, XML response reader and XML error parser. The shapes are described from each suite's model the way the
/// generator describes CloudFormation's; every case is run or listed below with why our operations do not need it.
/// </summary>
public sealed class QueryProtocolConformanceTests
{
    /// <summary>Cases botocore itself skips (protocol-tests-ignore-list.json), and features our awsQuery operations do not have.</summary>
    private static readonly Dictionary<string, string> NotNeeded = new()
    {
        ["AwsQueryEndpointTrait"] = "endpoint host-prefix trait: CloudFormation has none",
        ["AwsQueryEndpointTraitWithHostLabel"] = "endpoint host-label trait: CloudFormation has none",
        ["QueryHostWithPath"] = "botocore ignores it (general ignore list): a base path is covered by our ServiceUrl tests",
        ["SDKAppliedContentEncoding_awsQuery"] = "requestCompression trait: not used by DescribeStacks",
        ["SDKAppendsGzipAndIgnoresHttpProvidedEncoding_awsQuery"] = "requestCompression trait: not used",
        ["QueryProtocolIdempotencyTokenAutoFill"] = "botocore ignores idempotency auto-fill cases; DescribeStacks has no token",
        ["QueryProtocolIdempotencyTokenAutoFillIsSet"] = "botocore ignores idempotency auto-fill cases; DescribeStacks has no token",
        ["QueryFlattenedListArgWithXmlName"] = "in botocore's ignore list (the list member's xmlName on a flattened list): no such member in ours",
        ["QuerySimpleInputParamsBlob"] = "blob members: none in DescribeStacks",
        ["QueryXmlBlobs"] = "blob members: none in DescribeStacks",
        ["QueryXmlEmptyBlobs"] = "blob members: none in DescribeStacks",
        ["QueryXmlEmptySelfClosedBlobs"] = "blob members: none in DescribeStacks",
        ["AwsQuerySupportsNaNFloatInputs"] = "float/double members: none in DescribeStacks",
        ["AwsQuerySupportsInfinityFloatInputs"] = "float/double members: none",
        ["AwsQuerySupportsNegativeInfinityFloatInputs"] = "float/double members: none",
        ["AwsQuerySupportsNaNFloatOutputs"] = "float/double members: none",
        ["AwsQuerySupportsInfinityFloatOutputs"] = "float/double members: none",
        ["AwsQuerySupportsNegativeInfinityFloatOutputs"] = "float/double members: none",
        ["QueryComplexError"] = "in botocore's ignore list: error members beyond Code and Message are not read by our clients",
    };

    public static TheoryData<string, int, int> Cases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var direction in new[] { "input", "output" })
        {
            var suites = AwsModels.Load("protocol-tests", direction, "query.json").AsArray();
            for (var s = 0; s < suites.Count; s++)
                for (var c = 0; c < suites[s]!["cases"]!.AsArray().Count; c++)
                    data.Add(direction, s, c);
        }
        return data;
    }

    [Fact]
    public void Most_cases_run_and_every_skipped_one_is_a_case_of_the_suite()
    {
        var ids = Cases().Select(row => CaseId(Case((string)row[0], (int)row[1], (int)row[2]).TestCase)).ToHashSet();
        Assert.All(NotNeeded.Keys, id => Assert.Contains(id, ids));
        Assert.True(ids.Count - NotNeeded.Count >= 50, $"only {ids.Count - NotNeeded.Count} awsQuery cases run");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conformance_case(string direction, int suiteIndex, int caseIndex)
    {
        var (suite, testCase) = Case(direction, suiteIndex, caseIndex);
        if (NotNeeded.ContainsKey(CaseId(testCase)))
            return;
        var shapes = new SuiteShapes(suite["shapes"]!.AsObject());
        var given = testCase["given"]!;
        var operation = given["name"]!.GetValue<string>();
        if (direction == "input")
        {
            var input = given["input"]?["shape"]?.GetValue<string>() is { } inputShape ? shapes.Get(inputShape) : null;
            var body = QueryForm.Write(operation, suite["metadata"]!["apiVersion"]!.GetValue<string>(), input, (testCase["params"] as JsonObject)?.DeepClone().AsObject());
            var serialized = testCase["serialized"]!;
            Assert.Equal(Pairs(serialized["body"]!.GetValue<string>()), Pairs(body));
            Assert.Equal("POST", serialized["method"]!.GetValue<string>());
            Assert.Equal("/", serialized["uri"]!.GetValue<string>());
            Assert.Equal(QueryForm.ContentType, serialized["headers"]!["Content-Type"]!.GetValue<string>());
            // The local endpoints read the form back into the same JSON (an empty map is not on the wire, by the protocol).
            if (input is not null && CaseId(testCase) != "QueryEmptyQueryMaps")
                JsonAssert.Equivalent(testCase["params"] ?? new JsonObject(), QueryForm.Read(input, QueryForm.Parse(Encoding.UTF8.GetBytes(body))));
            return;
        }

        var response = testCase["response"]!;
        var bytes = Encoding.UTF8.GetBytes(response["body"]?.GetValue<string>() ?? "");
        var status = response["status_code"]!.GetValue<int>();
        if (testCase["errorCode"]?.GetValue<string>() is { } errorCode)
        {
            var headers = (response["headers"] as JsonObject ?? []).Select(h => new KeyValuePair<string, string>(h.Key, h.Value!.GetValue<string>())).ToList();
            var error = AwsErrorParser.Parse(status, headers, bytes);
            Assert.Equal(errorCode, error.Code);
            if (testCase["errorMessage"]?.GetValue<string>() is { } message)
                Assert.Equal(message, error.Message);
            Assert.Equal("foo-id", error.RequestId);
            return;
        }
        var output = given["output"]?["shape"]?.GetValue<string>() is { } outputShape ? shapes.Get(outputShape) : null;
        var result = QueryXml.ReadResponse(operation, output, bytes);
        JsonAssert.Equivalent(testCase["result"] ?? new JsonObject(), result);
        if (output is not null)
        {
            // What the local endpoints write reads back the same.
            var written = QueryXml.WriteResponse(operation, "https://example.com/", output, result, "id");
            JsonAssert.Equivalent(result, QueryXml.ReadResponse(operation, output, written));
        }
    }

    private static (JsonNode Suite, JsonNode TestCase) Case(string direction, int suiteIndex, int caseIndex)
    {
        var suite = AwsModels.Load("protocol-tests", direction, "query.json")[suiteIndex]!;
        return (suite, suite["cases"]![caseIndex]!);
    }

    private static string CaseId(JsonNode testCase) => testCase["id"]?.GetValue<string>() ?? testCase["description"]!.GetValue<string>();

    private static List<string> Pairs(string body) => [.. body.Split('&').Order(StringComparer.Ordinal)];

    /// <summary>A suite's model shapes as <see cref="QueryShape"/>s, with the generator's rules (lazy, so recursive shapes work).</summary>
    private sealed class SuiteShapes(JsonObject shapes)
    {
        private readonly Dictionary<string, QueryShape> _built = [];

        public QueryShape Get(string name)
        {
            if (_built.TryGetValue(name, out var built))
                return built;
            var shape = shapes[name]!;
            var flattened = shape["flattened"]?.GetValue<bool>() ?? false;
            built = shape["type"]!.GetValue<string>() switch
            {
                "structure" => QueryShape.Structure(() => [.. shape["members"]!.AsObject().Select(m => Member(m.Key, m.Value!))]),
                "list" => QueryShape.List(() => Member("member", shape["member"]!), flattened),
                "map" => QueryShape.Map(() => Member("key", shape["key"]!), () => Member("value", shape["value"]!), flattened),
                var scalar => QueryShape.Scalar(scalar switch
                {
                    "string" => QueryShapeKind.String,
                    "boolean" => QueryShapeKind.Boolean,
                    "integer" => QueryShapeKind.Integer,
                    "long" => QueryShapeKind.Long,
                    "float" => QueryShapeKind.Float,
                    "double" => QueryShapeKind.Double,
                    "blob" => QueryShapeKind.Blob,
                    "timestamp" => QueryShapeKind.Timestamp,
                    _ => throw new InvalidOperationException($"shape type {scalar}"),
                }, shape["timestampFormat"]?.GetValue<string>()),
            };
            _built[name] = built;
            return built;
        }

        private QueryMember Member(string name, JsonNode reference) => new(
            name, Get(reference["shape"]!.GetValue<string>()), reference["locationName"]?.GetValue<string>(),
            reference["flattened"]?.GetValue<bool>() ?? false, reference["timestampFormat"]?.GetValue<string>());
    }
}
