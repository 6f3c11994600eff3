using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SmusServerless.Local.Events;

/// <summary>
/// An EventBridge event pattern. Every field the pattern names must match; a pattern leaf is an array of matchers of
/// which one must match (against any element when the event's value is an array). Matchers: exact values (string,
/// number, boolean, null), <c>prefix</c>, <c>suffix</c>, <c>equals-ignore-case</c>, <c>wildcard</c>,
/// <c>anything-but</c> (value, list, prefix, suffix, equals-ignore-case or wildcard), <c>numeric</c> comparisons and <c>exists</c>; <c>$or</c> lists alternatives.
/// </summary>
public sealed class EventPattern
{
    private readonly JsonObject _pattern;

    private EventPattern(JsonObject pattern) => _pattern = pattern;

    public static EventPattern Parse(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("An event pattern must be a JSON object.", nameof(json));
        Check(node, "");
        return new EventPattern(node);
    }

    public bool Matches(JsonObject @event) => MatchObject(_pattern, @event);

    private static bool MatchObject(JsonObject pattern, JsonObject? @event)
    {
        foreach (var (key, expected) in pattern)
        {
            if (key == "$or")
            {
                if (!((JsonArray)expected!).OfType<JsonObject>().Any(alternative => MatchObject(alternative, @event)))
                {
                    return false;
                }

                continue;
            }

            var present = @event is not null && @event.TryGetPropertyValue(key, out _);
            var actual = present ? @event![key] : null;
            if (expected is JsonObject nested)
            {
                if (actual is not JsonObject nestedEvent || !MatchObject(nested, nestedEvent))
                {
                    return false;
                }
            }
            else if (!MatchLeaf((JsonArray)expected!, present, actual))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchLeaf(JsonArray matchers, bool present, JsonNode? actual)
    {
        if (!present)
        {
            // Only "exists": false matches a field the event does not have.
            return matchers.OfType<JsonObject>().Any(m => m["exists"] is JsonValue e && !e.GetValue<bool>());
        }

        var values = actual is JsonArray array ? array.ToArray() : [actual];
        return matchers.Any(m => values.Any(v => MatchOne(m, v)));
    }

    private static bool MatchOne(JsonNode? matcher, JsonNode? value)
    {
        if (matcher is not JsonObject rule)
        {
            return ExactEquals(matcher, value);
        }

        var (name, argument) = rule.First();
        var text = value is JsonValue tv && tv.GetValueKind() == JsonValueKind.String ? tv.GetValue<string>() : null;
        return name switch
        {
            "exists" => ((JsonValue)argument!).GetValue<bool>() && value is not JsonObject,
            "prefix" => text is not null && (argument is JsonObject ic
                ? text.StartsWith((string)ic["equals-ignore-case"]!, StringComparison.OrdinalIgnoreCase)
                : text.StartsWith((string)argument!, StringComparison.Ordinal)),
            "suffix" => text is not null && (argument is JsonObject sic
                ? text.EndsWith((string)sic["equals-ignore-case"]!, StringComparison.OrdinalIgnoreCase)
                : text.EndsWith((string)argument!, StringComparison.Ordinal)),
            "equals-ignore-case" => text is not null && string.Equals(text, (string)argument!, StringComparison.OrdinalIgnoreCase),
            "wildcard" => text is not null && Wildcard(text, (string)argument!),
            "anything-but" => AnythingBut(argument, value, text),
            "numeric" => value is JsonValue nv && nv.GetValueKind() == JsonValueKind.Number && Numeric((JsonArray)argument!, nv.GetValue<decimal>()),
            _ => false,
        };
    }

    private static bool AnythingBut(JsonNode? argument, JsonNode? value, string? text) => argument switch
    {
        JsonArray excluded => !excluded.Any(e => ExactEquals(e, value)),
        JsonObject { } o when o["prefix"] is { } prefix => text is not null && !text.StartsWith((string)prefix!, StringComparison.Ordinal),
        JsonObject { } o when o["suffix"] is { } suffix => text is not null && !text.EndsWith((string)suffix!, StringComparison.Ordinal),
        JsonObject { } o when o["wildcard"] is { } wildcard => text is not null && !Wildcard(text, (string)wildcard!),
        JsonObject { } o when o["equals-ignore-case"] is { } ic => text is not null && (ic is JsonArray many
            ? !many.Any(x => string.Equals(text, (string)x!, StringComparison.OrdinalIgnoreCase))
            : !string.Equals(text, (string)ic!, StringComparison.OrdinalIgnoreCase)),
        _ => !ExactEquals(argument, value),
    };

    private static bool Wildcard(string text, string pattern) =>
        Regex.IsMatch(text, "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$",
            RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));

    private static bool Numeric(JsonArray conditions, decimal value)
    {
        for (var i = 0; i + 1 < conditions.Count; i += 2)
        {
            var op = (string)conditions[i]!;
            var bound = conditions[i + 1]!.GetValue<decimal>();
            var ok = op switch
            {
                "=" => value == bound,
                "<" => value < bound,
                "<=" => value <= bound,
                ">" => value > bound,
                ">=" => value >= bound,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool ExactEquals(JsonNode? expected, JsonNode? actual)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null;
        }

        if (expected is JsonValue e && actual is JsonValue a)
        {
            var kind = e.GetValueKind();
            if (kind == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number)
            {
                return e.GetValue<decimal>() == a.GetValue<decimal>();
            }

            return kind == a.GetValueKind() && e.ToJsonString() == a.ToJsonString();
        }

        return false;
    }

    private static void Check(JsonObject pattern, string path)
    {
        foreach (var (key, value) in pattern)
        {
            var at = path.Length == 0 ? key : $"{path}.{key}";
            switch (value)
            {
                case JsonObject nested:
                    Check(nested, at);
                    break;
                case JsonArray array when key == "$or":
                    foreach (var alternative in array)
                    {
                        Check(alternative as JsonObject ?? throw new ArgumentException($"Event pattern: {at} must list objects."), at);
                    }

                    break;
                case JsonArray array:
                    foreach (var matcher in array.OfType<JsonObject>())
                    {
                        var name = matcher.Count == 1 ? matcher.First().Key : throw new ArgumentException($"Event pattern: a matcher at {at} must have exactly one key.");
                        if (name is not ("exists" or "prefix" or "suffix" or "equals-ignore-case" or "wildcard" or "anything-but" or "numeric"))
                        {
                            throw new ArgumentException($"Event pattern: unsupported matcher '{name}' at {at}.");
                        }
                    }

                    break;
                default:
                    throw new ArgumentException($"Event pattern: the value at {at} must be an array or an object.");
            }
        }
    }
}
