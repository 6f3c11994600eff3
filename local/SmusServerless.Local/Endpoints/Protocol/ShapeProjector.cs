using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmusServerless.Local.Endpoints.Protocol;

/// <summary>
/// Projects a stored JSON value onto an output shape: members the shape does not model are dropped (so internal
/// bookkeeping never leaks) and timestamps are written in the shape's wire format (epoch seconds by default in the
/// JSON protocols, ISO 8601 strings where the shape says <c>timestampFormat: iso8601</c>).
/// </summary>
public sealed class ShapeProjector(ServiceModel model)
{
    public JsonObject Project(string shapeName, JsonObject source) => (JsonObject)ProjectValue(model.Shape(shapeName), source)!;

    private JsonNode? ProjectValue(ShapeModel shape, JsonNode? value)
    {
        if (value is null)
        {
            return null;
        }

        switch (shape.Type)
        {
            case "structure" when value is JsonObject obj:
                var result = new JsonObject();
                foreach (var (name, member) in shape.Members)
                {
                    if (member.Location is null && obj.TryGetPropertyValue(name, out var v) && v is not null)
                    {
                        result[name] = ProjectValue(model.Shape(member.Shape), v);
                    }
                }

                return result;
            case "list" when value is JsonArray array:
                var memberShape = model.Shape(shape.MemberShape!);
                return new JsonArray(array.Select(item => ProjectValue(memberShape, item)).ToArray());
            case "map" when value is JsonObject map:
                var valueShape = model.Shape(shape.ValueShape!);
                var projected = new JsonObject();
                foreach (var (key, entry) in map)
                {
                    projected[key] = ProjectValue(valueShape, entry);
                }

                return projected;
            case "timestamp":
                return FormatTimestamp(ReadTimestamp(value), shape.TimestampFormat);
            default:
                return value.DeepClone();
        }
    }

    public static DateTimeOffset ReadTimestamp(JsonNode value)
    {
        var v = (JsonValue)value;
        return v.GetValueKind() == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(v.GetValue<double>() * 1000))
            : DateTimeOffset.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    public static JsonNode FormatTimestamp(DateTimeOffset time, string? format) => format switch
    {
        "iso8601" => JsonValue.Create(Iso(time)),
        _ => JsonValue.Create(Math.Round(time.ToUnixTimeMilliseconds() / 1000.0, 3)),
    };

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
