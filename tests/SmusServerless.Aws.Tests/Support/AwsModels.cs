using System.Text.Json.Nodes;
using SmusServerless.Testing;

namespace SmusServerless.Aws.Tests.Support;

/// <summary>Paths into vendor/aws-models (the official models and vectors the repository carries).</summary>
public static class AwsModels
{
    public static string Root { get; } = TestRepository.AwsModels();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonNode> Cache = new();

    /// <summary>A parsed model file; cached, so callers must not modify it.</summary>
    public static JsonNode Load(params string[] parts) => Cache.GetOrAdd(PathOf(parts), path => JsonNode.Parse(File.ReadAllText(path))!);
}
