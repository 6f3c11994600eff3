using System.Globalization;
using System.Text.Json.Nodes;

namespace SmusServerless.Aws.Tests.Support;

/// <summary>Semantic JSON comparison (key order ignored) with a readable path on mismatch.</summary>
public static class JsonAssert
{
    public static void Equivalent(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        var difference = FindDifference(expected, actual, path);
        Assert.True(difference is null, difference);
    }

    public static string? FindDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case null:
                return actual is null ? null : $"{path}: expected null, got {actual.ToJsonString()}";
            case JsonObject eo:
                if (actual is not JsonObject ao)
                    return $"{path}: expected an object, got {actual?.ToJsonString() ?? "nothing"}";
                foreach (var (key, value) in eo)
                {
                    if (!ao.ContainsKey(key))
                        return value is null ? null : $"{path}.{key}: missing";
                    var d = FindDifference(value, ao[key], $"{path}.{key}");
                    if (d is not null)
                        return d;
                }
                foreach (var (key, value) in ao)
                    if (!eo.ContainsKey(key) && value is not null)
                        return $"{path}.{key}: unexpected member {value.ToJsonString()}";
                return null;
            case JsonArray ea:
                if (actual is not JsonArray aa || aa.Count != ea.Count)
                    return $"{path}: expected {ea.ToJsonString()}, got {actual?.ToJsonString() ?? "nothing"}";
                for (var i = 0; i < ea.Count; i++)
                {
                    var d = FindDifference(ea[i], aa[i], $"{path}[{i}]");
                    if (d is not null)
                        return d;
                }
                return null;
            default:
                var ev = (JsonValue)expected;
                if (actual is not JsonValue av)
                    return $"{path}: expected {ev.ToJsonString()}, got {actual?.ToJsonString() ?? "nothing"}";
                if (ev.TryGetValue<decimal>(out var en) && av.TryGetValue<decimal>(out var an))
                    return en == an ? null : $"{path}: expected {en}, got {an}";
                return ev.ToJsonString() == av.ToJsonString() ? null : $"{path}: expected {ev.ToJsonString()}, got {av.ToJsonString()}";
        }
    }

    /// <summary>Turns every ISO 8601 string that parses as a date into epoch seconds (the protocol tests' result form).</summary>
    public static JsonNode? TimestampsAsEpochSeconds(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, TimestampsAsEpochSeconds(p.Value)))),
        JsonArray a => new JsonArray(a.Select(TimestampsAsEpochSeconds).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length >= 20 && s[4] == '-' && s[10] == 'T'
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            => JsonValue.Create(t.ToUnixTimeMilliseconds() / 1000m),
        null => null,
        _ => node.DeepClone(),
    };
}
