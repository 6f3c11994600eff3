using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SmusServerless.Functions.Tests.Pipeline;

/// <summary>The sample events of events/, by file, with the handler each one is for.</summary>
internal static partial class SampleEvents
{
    /// <summary>The EventBridge events that start a deployment are named for the event, not the handler.</summary>
    private static readonly Dictionary<string, string> StartEvents = new(StringComparer.Ordinal)
    {
        ["s3-bundle-uploaded.json"] = "start",
        ["deployment-requested.json"] = "start",
    };

    public static string Root { get; } = TestRepository.Root;

    public static string Directory => Path.Combine(Root, "events");

    /// <summary>Every sample file name in events/.</summary>
    public static IReadOnlyList<string> Files =>
        [.. System.IO.Directory.GetFiles(Directory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    /// <summary><c>deploy.json</c> and <c>deploy.variant.json</c> are the <c>deploy</c> handler's.</summary>
    public static string HandlerOf(string file) => StartEvents.TryGetValue(file, out var handler) ? handler : file[..file.IndexOf('.')];

    public static string Text(string file) => File.ReadAllText(Path.Combine(Directory, file));

    public static JsonElement Element(string file) => JsonDocument.Parse(Text(file)).RootElement.Clone();

    public static JsonObject Node(string file) => JsonNode.Parse(Text(file))!.AsObject();

    /// <summary>The <c>Handler</c> of every function in template.yaml.</summary>
    public static IReadOnlyList<string> TemplateHandlers() =>
        [.. TemplateHandler().Matches(File.ReadAllText(Path.Combine(Root, "template.yaml"))).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"^\s+Handler:\s*([\w-]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex TemplateHandler();
}
