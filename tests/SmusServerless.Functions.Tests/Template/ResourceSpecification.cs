using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmusServerless.Functions.Tests.Template;

/// <summary>
/// Which resource types, properties and attributes CloudFormation (and the SAM transform) know, from two test-only
/// npm packages: @aws-cdk/cfnspec (the CloudFormation resource specification) and @aws-cdk/aws-service-spec, whose
/// newer database also knows SAM properties that cfnspec 2.72 predates (e.g. FunctionUrlConfig).
/// </summary>
internal sealed class ResourceSpecification
{
    private readonly Dictionary<string, (HashSet<string> Properties, HashSet<string> Attributes)> _types = new();

    public static ResourceSpecification Instance { get; } = Load();

    public bool HasType(string type) => _types.ContainsKey(type);

    public bool HasProperty(string type, string property) =>
        _types.TryGetValue(type, out var spec) && spec.Properties.Contains(property);

    public bool HasAttribute(string type, string attribute) =>
        _types.TryGetValue(type, out var spec) && spec.Attributes.Contains(attribute);

    private static ResourceSpecification Load()
    {
        var spec = new ResourceSpecification();
        var cfn = JsonNode.Parse(File.ReadAllText(TestRepository.Tool("@aws-cdk", "cfnspec", "spec", "specification.json")))!;
        foreach (var (type, definition) in cfn["ResourceTypes"]!.AsObject())
        {
            var entry = spec.Entry(type);
            foreach (var (name, _) in definition!["Properties"]?.AsObject() ?? [])
                entry.Properties.Add(name);
            foreach (var (name, _) in definition["Attributes"]?.AsObject() ?? [])
                entry.Attributes.Add(name);
        }

        using var gzip = new GZipStream(File.OpenRead(TestRepository.Tool("@aws-cdk", "aws-service-spec", "db.json.gz")), CompressionMode.Decompress);
        using var db = JsonDocument.Parse(gzip);
        foreach (var resource in db.RootElement.GetProperty("schema").GetProperty("resource").GetProperty("entities").EnumerateArray())
        {
            var entry = spec.Entry(resource.GetProperty("cloudFormationType").GetString()!);
            foreach (var property in resource.GetProperty("properties").EnumerateObject())
                entry.Properties.Add(property.Name);
            if (resource.TryGetProperty("attributes", out var attributes))
                foreach (var attribute in attributes.EnumerateObject())
                    entry.Attributes.Add(attribute.Name);
        }
        return spec;
    }

    private (HashSet<string> Properties, HashSet<string> Attributes) Entry(string type)
    {
        if (!_types.TryGetValue(type, out var entry))
            _types[type] = entry = (new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        return entry;
    }
}
