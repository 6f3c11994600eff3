using System.Text.Json.Nodes;

namespace SmusServerless.Local.StepFunctions.Json;

/// <summary>ResultPath could not place the result into the state input.</summary>
public sealed class ResultPathMatchException(string message) : Exception(message);

/// <summary>
/// Applies ResultPath: <c>$</c> replaces the input with the result; a reference path puts the result
/// at that place in a copy of the input, creating missing objects on the way; a path that walks through
/// a value that is not an object (or an index outside an array) is a <c>States.ResultPathMatchFailure</c>.
/// </summary>
public static class ResultPathWriter
{
    public static JsonNode? Apply(JsonNode? input, JsonNode? result, JsonPath resultPath)
    {
        if (resultPath.IsContextPath)
        {
            throw new ResultPathMatchException($"ResultPath '{resultPath.Text}' cannot write into the context object");
        }
        var segments = resultPath.Segments;
        if (segments.Count == 0)
        {
            return result?.DeepClone();
        }
        var root = input?.DeepClone();
        if (root is not JsonObject && segments[0] is JsonPath.NameSegment)
        {
            throw new ResultPathMatchException(
                $"Unable to apply ResultPath '{resultPath.Text}' to input {Describe(input)}: the input is not a JSON object");
        }
        JsonNode current = root!;
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            switch (segments[i])
            {
                case JsonPath.NameSegment name:
                {
                    if (current is not JsonObject obj)
                    {
                        throw new ResultPathMatchException(
                            $"Unable to apply ResultPath '{resultPath.Text}': the value before '{name.Name}' is not a JSON object");
                    }
                    if (last)
                    {
                        obj[name.Name] = result?.DeepClone();
                        return root;
                    }
                    if (!obj.TryGetPropertyValue(name.Name, out var child) || child is null)
                    {
                        child = segments[i + 1] is JsonPath.IndexSegment
                            ? throw new ResultPathMatchException(
                                $"Unable to apply ResultPath '{resultPath.Text}': '{name.Name}' is not an array")
                            : new JsonObject();
                        obj[name.Name] = child;
                    }
                    current = child;
                    break;
                }
                case JsonPath.IndexSegment index:
                {
                    if (current is not JsonArray array)
                    {
                        throw new ResultPathMatchException(
                            $"Unable to apply ResultPath '{resultPath.Text}': index [{index.Index}] is applied to a value that is not an array");
                    }
                    var at = index.Index < 0 ? array.Count + index.Index : index.Index;
                    if (at < 0 || at >= array.Count)
                    {
                        throw new ResultPathMatchException(
                            $"Unable to apply ResultPath '{resultPath.Text}': index [{index.Index}] is outside the array");
                    }
                    if (last)
                    {
                        array[at] = result?.DeepClone();
                        return root;
                    }
                    current = array[at] ?? throw new ResultPathMatchException(
                        $"Unable to apply ResultPath '{resultPath.Text}': element [{index.Index}] is null");
                    break;
                }
                default:
                    throw new ResultPathMatchException($"ResultPath '{resultPath.Text}' must be a reference path");
            }
        }
        return root;
    }

    private static string Describe(JsonNode? node)
    {
        var text = JsonValues.ToJson(node);
        return text.Length > 100 ? text[..100] + "..." : text;
    }
}
