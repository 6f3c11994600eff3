using SmusServerless.Core.Manifest;
using SmusServerless.Testing;
using YamlDotNet.RepresentationModel;
using static SmusServerless.Core.Tests.Manifest.ManifestAssertions;

namespace SmusServerless.Core.Tests.Manifest;

/// <summary>
/// Every key smus-cli's application-manifest-schema.yaml (vendored under vendor/smus-cli) declares is read: the
/// <see cref="ApplicationSamples.EveryKey"/> manifest uses each one and loads.
/// </summary>
public class ApplicationSchemaCoverageTests
{
    private static readonly string SchemaPath = TestRepository.PathOf("vendor", "smus-cli", "application-manifest-schema.yaml");

    [Fact]
    public void Every_key_the_schema_declares_is_used_by_the_every_key_sample()
    {
        var schemaKeys = SchemaKeyPaths();

        var sampleKeys = ManifestKeyPaths(ApplicationSamples.EveryKey);

        Assert.Empty(schemaKeys.Except(sampleKeys).Order(StringComparer.Ordinal));
        Assert.True(schemaKeys.Count > 80, $"the schema walk found only {schemaKeys.Count} keys");
    }

    [Fact]
    public void The_every_key_sample_loads_with_only_the_ignored_top_level_bootstrap_warning()
    {
        var result = Load(ApplicationSamples.EveryKey);

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((DiagnosticCodes.IgnoredSection, "bootstrap"), (warning.Code, warning.Path));
    }

    [Fact]
    public void The_every_key_sample_uses_no_key_the_schema_does_not_declare()
    {
        var schemaKeys = SchemaKeyPaths();

        var sampleKeys = ManifestKeyPaths(ApplicationSamples.EveryKey);

        Assert.Empty(sampleKeys.Except(schemaKeys).Order(StringComparer.Ordinal));
    }

    /// <summary>The schema's keys as paths: <c>stages.*.project.role.arn</c>, <c>content.storage[].name</c>.</summary>
    private static HashSet<string> SchemaKeyPaths()
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(SchemaPath))) stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var definitions = (YamlMappingNode)root[new YamlScalarNode("definitions")];
        var paths = new HashSet<string>(StringComparer.Ordinal);
        Walk(root, "", definitions, paths);
        return paths;
    }

    private static void Walk(YamlMappingNode schema, string path, YamlMappingNode definitions, HashSet<string> paths)
    {
        if (schema.Children.TryGetValue(new YamlScalarNode("$ref"), out var reference))
        {
            var name = ((YamlScalarNode)reference).Value!.Split('/')[^1];
            Walk((YamlMappingNode)definitions[new YamlScalarNode(name)], path, definitions, paths);
            return;
        }
        if (schema.Children.TryGetValue(new YamlScalarNode("properties"), out var properties))
        {
            foreach (var (key, value) in ((YamlMappingNode)properties).Children)
            {
                var child = path.Length == 0 ? ((YamlScalarNode)key).Value! : path + "." + ((YamlScalarNode)key).Value;
                paths.Add(child);
                Walk((YamlMappingNode)value, child, definitions, paths);
            }
        }
        if (schema.Children.TryGetValue(new YamlScalarNode("items"), out var items))
            Walk((YamlMappingNode)items, path + "[]", definitions, paths);
        if (schema.Children.TryGetValue(new YamlScalarNode("patternProperties"), out var patterns))
            foreach (var (_, value) in ((YamlMappingNode)patterns).Children)
                Walk((YamlMappingNode)value, path + ".*", definitions, paths);
    }

    /// <summary>
    /// The manifest's keys as the same paths: stage names become <c>*</c>, list items <c>[]</c>; the contents of
    /// free-form mappings (parameters, tags, detail, override parameters, environment variables, a stage bootstrap
    /// action's parameters) are not keys.
    /// </summary>
    private static HashSet<string> ManifestKeyPaths(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml)) stream.Load(reader);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        Collect(stream.Documents[0].RootNode, "", paths);
        return paths;
    }

    private static readonly string[] FreeForm = ["parameters", "tags", "detail", "overrideParameters", "environment_variables"];

    private static void Collect(YamlNode node, string path, HashSet<string> paths)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = path == "stages" ? "*" : ((YamlScalarNode)key).Value!;
                    var child = path.Length == 0 ? name : path + "." + name;
                    // A stage's bootstrap action declares only 'type'; its other keys are the action's parameters.
                    if (path == "stages.*.bootstrap.actions[]" && name != "type") continue;
                    if (path != "stages") paths.Add(child);
                    if (!FreeForm.Contains(name) || path.EndsWith("userParameters[]", StringComparison.Ordinal))
                        Collect(value, child, paths);
                }
                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children) Collect(item, path + "[]", paths);
                break;
        }
    }
}
