using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmusServerless.Aws.Signing;

namespace SmusServerless.Aws.Protocols.Query;

/// <summary>
/// The awsQuery request body: <c>Action=Op&amp;Version=V</c> and one form pair per scalar, keyed by its path
/// (<c>A.member.1.B</c>, <c>M.entry.1.key</c>, <c>L.1</c> when flattened). The typed record is first written as JSON with
/// its source-generated metadata (AOT-safe), then walked with the generated <see cref="QueryShape"/>s; reading is the
/// reverse, for the local endpoints.
/// </summary>
public static class QueryForm
{
    public const string ContentType = "application/x-www-form-urlencoded";

    /// <summary>The encoded body of <paramref name="input"/> (a JSON object of the input shape; null for no input).</summary>
    public static string Write(string action, string version, QueryShape? shape, JsonObject? input)
    {
        var pairs = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", version) };
        if (shape is not null && input is not null)
            WriteStructure(pairs, "", shape, input);
        return string.Join('&', pairs.Select(p => $"{SigV4Canonicalizer.UriEncode(p.Key)}={SigV4Canonicalizer.UriEncode(p.Value)}"));
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    private static void WriteStructure(List<KeyValuePair<string, string>> pairs, string prefix, QueryShape shape, JsonObject value)
    {
        foreach (var member in shape.Members)
            if (value[member.Name] is { } node)
                WriteValue(pairs, Join(prefix, member.WireName), member, node);
    }

    private static void WriteValue(List<KeyValuePair<string, string>> pairs, string key, QueryMember member, JsonNode value)
    {
        var shape = member.Shape;
        switch (shape.Kind)
        {
            case QueryShapeKind.Structure:
                WriteStructure(pairs, key, shape, value.AsObject());
                return;
            case QueryShapeKind.List:
                var items = value.AsArray();
                if (items.Count == 0)
                {
                    // The protocol sends an empty list as the bare key, so the service can tell it from an absent one.
                    pairs.Add(new(key, ""));
                    return;
                }
                var listPrefix = QueryShape.IsFlattened(member) ? key : $"{key}.{shape.Item.WireName}";
                for (var i = 0; i < items.Count; i++)
                    if (items[i] is { } item)
                        WriteValue(pairs, $"{listPrefix}.{i + 1}", shape.Item, item);
                return;
            case QueryShapeKind.Map:
                var entryPrefix = QueryShape.IsFlattened(member) ? key : $"{key}.entry";
                var index = 0;
                foreach (var (name, entry) in value.AsObject())
                {
                    index++;
                    pairs.Add(new($"{entryPrefix}.{index}.{shape.Key.WireName}", name));
                    if (entry is not null)
                        WriteValue(pairs, $"{entryPrefix}.{index}.{shape.Item.WireName}", shape.Item, entry);
                }
                return;
            default:
                pairs.Add(new(key, ScalarText(member, value)));
                return;
        }
    }

    private static string ScalarText(QueryMember member, JsonNode value)
    {
        var element = QueryScalars.Element(value);
        return member.Shape.Kind switch
        {
            QueryShapeKind.Boolean => element.GetBoolean() ? "true" : "false",
            QueryShapeKind.Timestamp => QueryTimestamps.Format(QueryTimestamps.FromJson(element), QueryShape.FormatOf(member)),
            QueryShapeKind.Float or QueryShapeKind.Double when element.ValueKind == JsonValueKind.String => element.GetString()!,
            _ when element.ValueKind == JsonValueKind.String => element.GetString()!,
            _ => element.GetRawText(),
        };
    }

    /// <summary>Server side: the form pairs of a request body, decoded, in order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body);
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            pairs.Add(new(Decode(name), Decode(value)));
        }
        return pairs;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    /// <summary>Server side: the JSON object of <paramref name="shape"/> that the form pairs describe (Action and Version left out).</summary>
    public static JsonObject Read(QueryShape? shape, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs)
            form.TryAdd(name, value);
        return shape is null ? [] : ReadStructure(form, "", shape);
    }

    private static JsonObject ReadStructure(Dictionary<string, string> form, string prefix, QueryShape shape)
    {
        var result = new JsonObject();
        foreach (var member in shape.Members)
            if (ReadValue(form, Join(prefix, member.WireName), member) is { } value)
                result[member.Name] = value;
        return result;
    }

    private static bool HasPrefix(Dictionary<string, string> form, string key) =>
        form.ContainsKey(key) || form.Keys.Any(k => k.StartsWith(key + ".", StringComparison.Ordinal));

    private static JsonNode? ReadValue(Dictionary<string, string> form, string key, QueryMember member)
    {
        var shape = member.Shape;
        switch (shape.Kind)
        {
            case QueryShapeKind.Structure:
                return HasPrefix(form, key) ? ReadStructure(form, key, shape) : null;
            case QueryShapeKind.List:
            {
                if (!HasPrefix(form, key))
                    return null;
                var listPrefix = QueryShape.IsFlattened(member) ? key : $"{key}.{shape.Item.WireName}";
                var items = new JsonArray();
                for (var i = 1; HasPrefix(form, $"{listPrefix}.{i}"); i++)
                    items.Add(ReadValue(form, $"{listPrefix}.{i}", shape.Item));
                return items;
            }
            case QueryShapeKind.Map:
            {
                if (!HasPrefix(form, key))
                    return null;
                var entryPrefix = QueryShape.IsFlattened(member) ? key : $"{key}.entry";
                var map = new JsonObject();
                for (var i = 1; form.TryGetValue($"{entryPrefix}.{i}.{shape.Key.WireName}", out var name); i++)
                    map[name] = ReadValue(form, $"{entryPrefix}.{i}.{shape.Item.WireName}", shape.Item);
                return map;
            }
            default:
                return form.TryGetValue(key, out var text) ? QueryScalars.ToJson(member, text) : null;
        }
    }
}

/// <summary>Scalar text of the query protocol (form values and XML text) as the JSON the generated records read.</summary>
internal static class QueryScalars
{
    /// <summary>A scalar node as an element, whether it was parsed (a record's JSON) or built (read from the wire).</summary>
    public static JsonElement Element(JsonNode value)
    {
        using var document = JsonDocument.Parse(value.ToJsonString());
        return document.RootElement.Clone();
    }

    public static JsonNode? ToJson(QueryMember member, string text) => member.Shape.Kind switch
    {
        QueryShapeKind.String or QueryShapeKind.Blob => JsonValue.Create(text),
        QueryShapeKind.Boolean => JsonValue.Create(AwsWireFormat.ParseBool(text.Trim())),
        QueryShapeKind.Integer => JsonValue.Create(AwsWireFormat.ParseInt(text.Trim())),
        QueryShapeKind.Long => JsonValue.Create(AwsWireFormat.ParseLong(text.Trim())),
        QueryShapeKind.Float or QueryShapeKind.Double => text.Trim() is "NaN" or "Infinity" or "-Infinity"
            ? JsonValue.Create(text.Trim())
            : JsonValue.Create(double.Parse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture)),
        QueryShapeKind.Timestamp => JsonValue.Create(QueryTimestamps.ToEpochSeconds(QueryTimestamps.Parse(text.Trim(), QueryShape.FormatOf(member)))),
        _ => throw new InvalidOperationException($"{member.Shape.Kind} is not a scalar"),
    };
}

/// <summary>
/// Timestamps: on the wire as the member's format (iso8601 by default, unixTimestamp, rfc822); in the JSON the
/// generated records read, epoch seconds (the records of query services always carry the epoch-seconds converter).
/// </summary>
internal static class QueryTimestamps
{
    public static DateTimeOffset FromJson(JsonElement element) => element.ValueKind == JsonValueKind.Number
        ? DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(element.GetDecimal() * 1000m, MidpointRounding.AwayFromZero))
        : Parse(element.GetString()!, "iso8601");

    public static decimal ToEpochSeconds(DateTimeOffset value)
    {
        var milliseconds = value.ToUnixTimeMilliseconds();
        return milliseconds % 1000 == 0 ? milliseconds / 1000 : milliseconds / 1000m;
    }

    public static string Format(DateTimeOffset value, string format) => format switch
    {
        "unixTimestamp" => ToEpochSeconds(value).ToString(CultureInfo.InvariantCulture),
        "rfc822" => value.UtcDateTime.ToString("R", CultureInfo.InvariantCulture),
        _ => AwsWireFormat.Iso8601(value),
    };

    /// <summary>Reads the declared format, and also the others: a service answering in another one is still understood.</summary>
    public static DateTimeOffset Parse(string text, string format)
    {
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(seconds * 1000m, MidpointRounding.AwayFromZero));
        if (format == "rfc822" && DateTimeOffset.TryParseExact(text, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var http))
            return http;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
            return value;
        throw new FormatException($"'{text}' is not a timestamp ({format}).");
    }
}
