using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace SmusServerless.Template.Tests;

/// <summary>
/// template.yaml loaded as JSON, with the short-form intrinsic tags (!Ref, !GetAtt, !Sub, ...) turned into
/// their long forms ({"Ref": ..}, {"Fn::GetAtt": [..]}, ...), as CloudFormation reads them.
/// </summary>
internal sealed class CloudFormationTemplate
{
    private static readonly Dictionary<string, string> ShortForms = new()
    {
        ["!Ref"] = "Ref", ["!GetAtt"] = "Fn::GetAtt", ["!Sub"] = "Fn::Sub", ["!Join"] = "Fn::Join",
        ["!If"] = "Fn::If", ["!Not"] = "Fn::Not", ["!Equals"] = "Fn::Equals", ["!And"] = "Fn::And",
        ["!Or"] = "Fn::Or", ["!Select"] = "Fn::Select", ["!Split"] = "Fn::Split", ["!FindInMap"] = "Fn::FindInMap",
        ["!ImportValue"] = "Fn::ImportValue", ["!GetAZs"] = "Fn::GetAZs", ["!Base64"] = "Fn::Base64",
        ["!Condition"] = "Condition",
    };

    public CloudFormationTemplate(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public JsonObject Resources => Root["Resources"]!.AsObject();

    public JsonObject Parameters => Root["Parameters"]?.AsObject() ?? [];

    public static CloudFormationTemplate Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
            stream.Load(reader);
        return new CloudFormationTemplate(Convert(stream.Documents[0].RootNode).AsObject());
    }

    private static JsonNode Convert(YamlNode node)
    {
        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        JsonNode value = node switch
        {
            YamlMappingNode map => ConvertMap(map),
            YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
            YamlScalarNode scalar => ConvertScalar(scalar),
            _ => throw new InvalidOperationException($"unexpected YAML node at {node.Start}"),
        };
        if (tag is null || !tag.StartsWith('!'))
            return value;
        if (!ShortForms.TryGetValue(tag, out var longForm))
            throw new InvalidOperationException($"unknown CloudFormation tag {tag} at {node.Start}");
        if (longForm == "Fn::GetAtt" && value is JsonValue dotted)
        {
            var text = dotted.GetValue<string>();
            var dot = text.IndexOf('.');
            value = new JsonArray(text[..dot], text[(dot + 1)..]);
        }
        return new JsonObject { [longForm] = value };
    }

    private static JsonObject ConvertMap(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (key, child) in map.Children)
            obj[((YamlScalarNode)key).Value!] = Convert(child);
        return obj;
    }

    private static JsonNode ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is YamlDotNet.Core.ScalarStyle.Plain)
        {
            if (text is "true" or "false") return JsonValue.Create(text == "true");
            if (long.TryParse(text, out var number)) return JsonValue.Create(number);
        }
        return JsonValue.Create(text);
    }

    /// <summary>Every JSON node of the template with its path, depth first.</summary>
    public static IEnumerable<(string Path, JsonNode Node)> Walk(JsonNode node, string path = "")
    {
        yield return (path, node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                    if (child is not null)
                        foreach (var item in Walk(child, path.Length == 0 ? key : $"{path}.{key}"))
                            yield return item;
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    if (array[i] is { } child)
                        foreach (var item in Walk(child, $"{path}[{i}]"))
                            yield return item;
                break;
        }
    }
}
