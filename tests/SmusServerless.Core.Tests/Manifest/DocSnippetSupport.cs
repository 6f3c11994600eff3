using SmusServerless.Core.Manifest;
using SmusServerless.Testing;

namespace SmusServerless.Core.Tests.Manifest;

/// <summary>How a manifest snippet of smus-cli's docs is loaded: as it is, or wrapped into a minimal manifest around it.</summary>
public enum SnippetShape
{
    /// <summary>A whole manifest (it has <c>applicationName</c>).</summary>
    Manifest,

    /// <summary>Top-level sections without the rest: <c>applicationName</c> and one stage are added where missing.</summary>
    TopLevel,

    /// <summary>Keys of one stage (<c>bootstrap</c>, <c>environment_variables</c>): placed inside a minimal stage.</summary>
    StageBody,

    /// <summary>Keys of a stage's <c>deployment_configuration.quicksight</c>: placed there in a minimal stage.</summary>
    StageQuickSight,

    /// <summary>Not manifest text (GitHub Actions, workflow files, connection definitions shown alone): not loaded.</summary>
    Other,
}

/// <summary>The docs' YAML snippets copied under <c>Data/smus-cli-docs/</c> (see its README), and how to load them.</summary>
internal static class DocSnippets
{
    public static string Folder { get; } = TestRepository.PathOf("tests", "SmusServerless.Core.Tests", "Manifest", "Data", "smus-cli-docs");

    public static IReadOnlyList<string> Names { get; } =
        [.. Directory.EnumerateFiles(Folder, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    public static string Read(string name) => File.ReadAllText(Path.Combine(Folder, name));

    private const string MinimalStage = "  dev: {stage: DEV, domain: {name: doc-domain, region: us-east-1}, project: {name: doc-project}}\n";

    public static string Wrap(string yaml, SnippetShape shape)
    {
        switch (shape)
        {
            case SnippetShape.Manifest:
                return yaml;
            case SnippetShape.StageBody:
                return StagePrefix + Indent(yaml, 4);
            case SnippetShape.StageQuickSight:
                return StagePrefix + "    deployment_configuration:\n      quicksight:\n" + Indent(yaml, 8);
            case SnippetShape.Other:
                throw new ArgumentException("not manifest text", nameof(shape));
            default:
                var text = yaml.EndsWith('\n') ? yaml : yaml + "\n";
                if (!HasTopLevelKey(text, "applicationName")) text = "applicationName: DocSnippet\n" + text;
                if (!HasTopLevelKey(text, "stages")) text += "stages:\n" + MinimalStage;
                return text;
        }
    }

    private const string StagePrefix =
        "applicationName: DocSnippet\nstages:\n  dev:\n    stage: DEV\n    domain: {name: doc-domain, region: us-east-1}\n    project: {name: doc-project}\n";

    private static string Indent(string yaml, int spaces) =>
        string.Concat(yaml.Split('\n').Select(line => line.Length == 0 ? "\n" : new string(' ', spaces) + line + "\n"));

    private static bool HasTopLevelKey(string yaml, string key) =>
        yaml.Split('\n').Any(line => line.StartsWith(key + ":", StringComparison.Ordinal));

    /// <summary>Every variable the docs use is set (to a region where the name says region), as a user of the snippet would set them.</summary>
    public static IVariableSource Variables { get; } = new EverythingSet();

    public static ManifestLoadResult Load(string name, SnippetShape shape) =>
        ManifestLoader.Load(Wrap(Read(name), shape), name, Variables);

    private sealed class EverythingSet : IVariableSource
    {
        public string? Find(string name) =>
            name.Contains("REGION", StringComparison.Ordinal) ? "us-east-1"
            : name.Contains("ACCOUNT", StringComparison.Ordinal) ? "123456789012"
            : "doc-" + name.ToLowerInvariant().Replace('_', '-');
    }
}
