using System.Text;
using System.Text.Json.Nodes;
using SmusServerless.Local.Endpoints.Protocol;
using SmusServerless.Testing;

namespace SmusServerless.Local.Tests.Endpoints;

/// <summary>
/// The official restJson1 input conformance cases, read backwards: the serialized request must route to the case's
/// operation and bind to the case's params. Cases using features DataZone's model does not (timestamps and blobs
/// outside the body, payload members, prefix headers, query maps, jsonName, host prefixes, floats) are left out.
/// </summary>
public sealed class RestJsonProtocolConformanceTests
{
    private static readonly string[] UnusedShapeTypes = ["timestamp", "blob", "float", "double", "document"];

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var (suite, index, _, _) in Load())
        {
            data.Add(suite, index);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Serialized_request_binds_back_to_its_params(string suite, int index)
    {
        var (_, _, model, testCase) = Load().Single(c => c.Suite == suite && c.Index == index);
        var serialized = testCase["serialized"]!;
        var uri = (string)serialized["uri"]!;
        var parts = uri.Split('?', 2);
        var query = parts.Length == 1 ? [] : parts[1].Split('&').Select(p => p.Split('=', 2))
            .Select(kv => new KeyValuePair<string, string>(Uri.UnescapeDataString(kv[0]), Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : ""))).ToList();
        var headers = ((serialized["headers"] as JsonObject) ?? []).Select(h => new KeyValuePair<string, string>(h.Key, (string)h.Value!));
        var request = new AwsHttpRequest((string)serialized["method"]!, parts[0], query, AwsHttpRequest.HeaderDictionary(headers),
            Encoding.UTF8.GetBytes((string?)serialized["body"] ?? ""));

        var route = new RestJsonRouter(model).Match(request.Method, request.Path);
        Assert.NotNull(route);
        Assert.Equal((string)testCase["given"]!["name"]!, route.Operation.Name);
        var (input, issues) = new RestJsonRequestBinder(model).Bind(route, request);
        Assert.Empty(issues);
        var expected = Prune(testCase["params"]!.DeepClone())!;
        Assert.True(JsonNode.DeepEquals(expected, input), $"expected {expected.ToJsonString()}\nbound    {input.ToJsonString()}");
    }

    private static IEnumerable<(string Suite, int Index, ServiceModel Model, JsonObject Case)> Load()
    {
        var directory = TestRepository.AwsModels("protocol-tests");
        var suites = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "input", "rest-json.json")))!.AsArray();
        // botocore's own ignore list: cases its serializers do not follow either.
        var ignore = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "protocol-tests-ignore-list.json")))!;
        var ignoredSuites = ignore["general"]!["input"]!["suites"]!.AsArray().Select(s => (string)s!).ToHashSet();
        var ignoredCases = ignore["protocols"]!["rest-json"]!["input"]!["cases"]!.AsArray().Select(c => (string)c!).ToHashSet();
        foreach (var suite in suites.OfType<JsonObject>().Where(s => !ignoredSuites.Contains((string)s["description"]!)))
        {
            var shapes = suite["shapes"]!.AsObject();
            var cases = suite["cases"]!.AsArray().OfType<JsonObject>().ToArray();
            for (var i = 0; i < cases.Length; i++)
            {
                var testCase = cases[i];
                var given = testCase["given"]!.AsObject();
                var serialized = testCase["serialized"]!.AsObject();
                if (ignoredCases.Contains((string)testCase["id"]!) || serialized["host"] is not null || given["input"] is null || !Supported(shapes, (string)given["input"]!["shape"]!, []))
                {
                    continue;
                }

                var model = ServiceModel.Parse(new JsonObject
                {
                    ["metadata"] = suite["metadata"]!.DeepClone(),
                    ["operations"] = new JsonObject { [(string)given["name"]!] = given.DeepClone() },
                    ["shapes"] = shapes.DeepClone(),
                }, (string)suite["description"]!);
                yield return ((string)suite["description"]!, i, model, testCase);
            }
        }
    }

    private static bool Supported(JsonObject shapes, string name, HashSet<string> seen)
    {
        if (!seen.Add(name))
        {
            return true;
        }

        var shape = shapes[name]!.AsObject();
        if (UnusedShapeTypes.Contains((string)shape["type"]!) || shape["payload"] is not null || shape["document"] is not null)
        {
            return false;
        }

        foreach (var (_, memberNode) in (shape["members"] as JsonObject) ?? [])
        {
            var member = memberNode!.AsObject();
            var location = (string?)member["location"];
            var target = (string)member["shape"]!;
            if (location is "headers" || (location is null && member["locationName"] is not null) || member["jsonvalue"] is not null
                || (location == "querystring" && (string)shapes[target]!["type"]! == "map") || member["hostLabel"] is not null)
            {
                return false;
            }

            if (!Supported(shapes, target, seen))
            {
                return false;
            }
        }

        foreach (var key in new[] { "member", "key", "value" })
        {
            if (shape[key]?["shape"] is { } inner && !Supported(shapes, (string)inner!, seen))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Top-level params a client does not send (nulls, empty query lists) cannot come back.</summary>
    private static JsonNode Prune(JsonNode node)
    {
        var obj = node.AsObject();
        foreach (var (key, value) in obj.ToArray())
        {
            if (value is null or JsonArray { Count: 0 })
            {
                obj.Remove(key);
            }
        }

        return obj;
    }
}
