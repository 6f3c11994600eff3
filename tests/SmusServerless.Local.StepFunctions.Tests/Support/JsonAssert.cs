using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmusServerless.Local.StepFunctions.Tests.Support;

/// <summary>Compares JSON by meaning: numbers by value (2 == 2.0), objects regardless of key order.</summary>
public static class JsonAssert
{
    public static void Equal(JsonNode? expected, JsonNode? actual, string? context = null)
    {
        if (!Same(expected, actual))
        {
            Assert.Fail($"{context}{(context is null ? "" : ": ")}expected {Show(expected)} but got {Show(actual)}");
        }
    }

    public static void Equal(string expectedJson, string? actualJson, string? context = null)
        => Equal(JsonNode.Parse(expectedJson), actualJson is null ? null : JsonNode.Parse(actualJson), context);

    public static bool Same(JsonNode? a, JsonNode? b)
    {
        var ka = a?.GetValueKind() ?? JsonValueKind.Null;
        var kb = b?.GetValueKind() ?? JsonValueKind.Null;
        if (ka != kb)
        {
            return false;
        }
        switch (ka)
        {
            case JsonValueKind.Object:
                var oa = (JsonObject)a!;
                var ob = (JsonObject)b!;
                return oa.Count == ob.Count && oa.All(kv => ob.TryGetPropertyValue(kv.Key, out var other) && Same(kv.Value, other));
            case JsonValueKind.Array:
                var aa = (JsonArray)a!;
                var ab = (JsonArray)b!;
                return aa.Count == ab.Count && aa.Zip(ab).All(p => Same(p.First, p.Second));
            case JsonValueKind.Number:
                return decimal.Parse(a!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
                       == decimal.Parse(b!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
            case JsonValueKind.Null:
                return true;
            default:
                return a!.ToJsonString() == b!.ToJsonString();
        }
    }

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 400 ? text[..400] + "..." : text;
    }
}
