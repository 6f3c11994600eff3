using System.Text.Json.Nodes;

namespace SmusServerless.Aws.Tests.Protocols;

/// <summary>Builds JSON documents in a model shape: every member filled (depth-limited), unions with one member.</summary>
public sealed class ModelSamples(JsonNode model)
{
    public const string IsoSample = "2024-01-02T03:04:05Z";
    public const long EpochSample = 1704164645;
    private readonly JsonObject _shapes = model["shapes"]!.AsObject();

    public JsonObject Shape(string name) => _shapes[name]!.AsObject();

    public JsonNode? Sample(string shapeName, JsonObject? memberRef = null, int depth = 0, HashSet<string>? stack = null)
    {
        var shape = Shape(shapeName);
        stack ??= [];
        switch (shape["type"]!.GetValue<string>())
        {
            case "structure":
                if (!stack.Add(shapeName))
                    return null;
                try
                {
                    var result = new JsonObject();
                    var required = RequiredOf(shape);
                    foreach (var (member, reference) in shape["members"]!.AsObject())
                    {
                        if (depth >= 5 && !required.Contains(member))
                            continue;
                        var value = Sample(reference!["shape"]!.GetValue<string>(), reference.AsObject(), depth + 1, stack);
                        if (value is null)
                            continue;
                        result[member] = value;
                        if (shape["union"]?.GetValue<bool>() == true)
                            break;
                    }
                    return result;
                }
                finally
                {
                    stack.Remove(shapeName);
                }
            case "list":
                var element = Sample(shape["member"]!["shape"]!.GetValue<string>(), null, depth + 1, stack);
                return element is null ? new JsonArray() : new JsonArray(element);
            case "map":
                var value0 = Sample(shape["value"]!["shape"]!.GetValue<string>(), null, depth + 1, stack);
                return value0 is null ? new JsonObject() : new JsonObject { ["key1"] = value0 };
            case "string":
                return shape["enum"] is JsonArray values ? values[0]!.GetValue<string>() : "sample value";
            case "integer":
                return 3;
            case "long":
                return 4L;
            case "boolean":
                return true;
            case "double" or "float":
                return 1.5;
            case "blob":
                return "YmxvYg==";
            case "timestamp":
                var format = memberRef?["timestampFormat"]?.GetValue<string>() ?? shape["timestampFormat"]?.GetValue<string>();
                return format == "iso8601" ? IsoSample : EpochSample;
            default:
                throw new NotSupportedException($"shape type of {shapeName}");
        }
    }

    public static HashSet<string> RequiredOf(JsonObject shape)
        => shape["required"] is JsonArray required ? required.Select(r => r!.GetValue<string>()).ToHashSet() : [];
}
