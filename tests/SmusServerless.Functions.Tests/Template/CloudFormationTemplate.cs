using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace SmusServerless.Functions.Tests.Template;

/// <summary>
/// template.yaml loaded as JSON, with the short-form intrinsic tags (!Ref, !GetAtt, !Sub, ...) turned into
/// their long forms ({"Ref": ..}, {"Fn::GetAtt": [..]}, ...), as CloudFormation reads them, and every
/// <c>Fn::ForEach::</c> loop expanded the way the AWS::LanguageExtensions transform does, over sample values for the
/// list parameters it iterates (<see cref="SampleLists"/>), so every check sees the resources a deployment would get.
/// </summary>
internal sealed partial class CloudFormationTemplate
{
    private const string ForEachPrefix = "Fn::ForEach::";

    /// <summary>Values a deployment might give the list parameters that Fn::ForEach loops iterate.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> SampleLists { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["Approvers"] = ["a.b@example.com", "c@example.com"],
    };

    private static readonly Dictionary<string, string> ShortForms = new()
    {
        ["!Ref"] = "Ref", ["!GetAtt"] = "Fn::GetAtt", ["!Sub"] = "Fn::Sub", ["!Join"] = "Fn::Join",
        ["!If"] = "Fn::If", ["!Not"] = "Fn::Not", ["!Equals"] = "Fn::Equals", ["!And"] = "Fn::And",
        ["!Or"] = "Fn::Or", ["!Select"] = "Fn::Select", ["!Split"] = "Fn::Split", ["!FindInMap"] = "Fn::FindInMap",
        ["!ImportValue"] = "Fn::ImportValue", ["!GetAZs"] = "Fn::GetAZs", ["!Base64"] = "Fn::Base64",
        ["!Condition"] = "Condition",
    };

    public CloudFormationTemplate(JsonObject source, IReadOnlyDictionary<string, IReadOnlyList<string>> lists)
    {
        Source = source;
        Root = ExpandLoops(source, source["Parameters"]?.AsObject() ?? [], lists, "");
    }

    /// <summary>The template as written, loops unexpanded.</summary>
    public JsonObject Source { get; }

    /// <summary>The template as CloudFormation sees it after AWS::LanguageExtensions (loops expanded).</summary>
    public JsonObject Root { get; }

    public JsonObject Resources => Root["Resources"]!.AsObject();

    public JsonObject Parameters => Root["Parameters"]?.AsObject() ?? [];

    public static CloudFormationTemplate Load(string path) => Load(path, SampleLists);

    public static CloudFormationTemplate Load(string path, IReadOnlyDictionary<string, IReadOnlyList<string>> lists)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
            stream.Load(reader);
        return new CloudFormationTemplate(Convert(stream.Documents[0].RootNode).AsObject(), lists);
    }

    /// <summary>
    /// A copy of <paramref name="obj"/> in which each <c>"Fn::ForEach::Name": [Identifier, Collection, {OutputKey: OutputValue}]</c>
    /// entry is replaced by one OutputKey/OutputValue pair per collection item, with <c>${Identifier}</c> (the item),
    /// <c>&amp;{Identifier}</c> (the item without non-alphanumerics) and <c>{"Ref": Identifier}</c> (the item) filled in.
    /// Loops may nest.
    /// </summary>
    private static JsonObject ExpandLoops(JsonObject obj, JsonObject parameters, IReadOnlyDictionary<string, IReadOnlyList<string>> lists, string path)
    {
        var expanded = new JsonObject();
        foreach (var (key, child) in obj)
        {
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (!key.StartsWith(ForEachPrefix, StringComparison.Ordinal))
            {
                expanded[key] = ExpandNode(child, parameters, lists, childPath);
                continue;
            }
            if (child is not JsonArray { Count: 3 } loop || loop[0] is not JsonValue identifierNode || loop[2] is not JsonObject fragment)
                throw new InvalidOperationException($"{childPath}: Fn::ForEach takes [Identifier, Collection, {{OutputKey: OutputValue}}]");
            var identifier = identifierNode.GetValue<string>();
            foreach (var item in Collection(loop[1], parameters, lists, childPath))
            {
                var substituted = (JsonObject)Substitute(fragment, identifier, item)!;
                foreach (var (outputKey, outputValue) in ExpandLoops(substituted, parameters, lists, childPath))
                {
                    if (outputKey.Contains("${", StringComparison.Ordinal) || outputKey.Contains("&{", StringComparison.Ordinal))
                        throw new InvalidOperationException($"{childPath}: output key {outputKey} names an identifier that no enclosing loop defines");
                    if (expanded.ContainsKey(outputKey))
                        throw new InvalidOperationException($"{childPath}: output key {outputKey} is generated twice (or clashes with a key of {path})");
                    expanded[outputKey] = outputValue?.DeepClone();
                }
            }
        }
        return expanded;
    }

    private static JsonNode? ExpandNode(JsonNode? node, JsonObject parameters, IReadOnlyDictionary<string, IReadOnlyList<string>> lists, string path) => node switch
    {
        JsonObject obj => ExpandLoops(obj, parameters, lists, path),
        JsonArray array => new JsonArray([.. array.Select((item, i) => ExpandNode(item, parameters, lists, $"{path}[{i}]"))]),
        _ => node?.DeepClone(),
    };

    /// <summary>A literal list, or a Ref to a list parameter (given a sample value, since the test has no stack).</summary>
    private static IReadOnlyList<string> Collection(JsonNode? collection, JsonObject parameters, IReadOnlyDictionary<string, IReadOnlyList<string>> lists, string path)
    {
        switch (collection)
        {
            case JsonArray items:
                return [.. items.Select(i => i is JsonValue v ? v.GetValue<string>() : throw new InvalidOperationException($"{path}: collection items must be strings"))];
            case JsonObject { Count: 1 } reference when reference["Ref"] is JsonValue name:
                var parameter = name.GetValue<string>();
                var type = parameters[parameter]?["Type"]?.GetValue<string>()
                    ?? throw new InvalidOperationException($"{path}: the collection Ref {parameter} names no parameter");
                if (type != "CommaDelimitedList" && !type.StartsWith("List<", StringComparison.Ordinal))
                    throw new InvalidOperationException($"{path}: the collection Ref {parameter} is a {type}, not a list parameter");
                return lists.TryGetValue(parameter, out var sample)
                    ? sample
                    : throw new InvalidOperationException($"{path}: no sample value for list parameter {parameter}; add one to CloudFormationTemplate.SampleLists");
            default:
                throw new InvalidOperationException($"{path}: a collection is a list or a Ref to a list parameter");
        }
    }

    private static JsonNode? Substitute(JsonNode? node, string identifier, string item) => node switch
    {
        JsonObject { Count: 1 } reference when reference["Ref"] is JsonValue name && name.GetValue<string>() == identifier => JsonValue.Create(item),
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(SubstituteText(p.Key, identifier, item), Substitute(p.Value, identifier, item)))),
        JsonArray array => new JsonArray([.. array.Select(i => Substitute(i, identifier, item))]),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => JsonValue.Create(SubstituteText(value.GetValue<string>(), identifier, item)),
        _ => node?.DeepClone(),
    };

    private static string SubstituteText(string text, string identifier, string item) => text
        .Replace("${" + identifier + "}", item, StringComparison.Ordinal)
        .Replace("&{" + identifier + "}", NonAlphanumeric().Replace(item, ""), StringComparison.Ordinal);

    [System.Text.RegularExpressions.GeneratedRegex("[^A-Za-z0-9]")]
    private static partial System.Text.RegularExpressions.Regex NonAlphanumeric();

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
