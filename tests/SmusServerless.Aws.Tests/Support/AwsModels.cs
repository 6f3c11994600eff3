using System.Reflection;
using System.Text.Json.Nodes;

namespace SmusServerless.Aws.Tests.Support;

/// <summary>Paths into ../shared/aws-models (the official models and vectors).</summary>
public static class AwsModels
{
    public static string Root { get; } = Locate();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonNode> Cache = new();

    /// <summary>A parsed model file; cached, so callers must not modify it.</summary>
    public static JsonNode Load(params string[] parts) => Cache.GetOrAdd(PathOf(parts), path => JsonNode.Parse(File.ReadAllText(path))!);

    private static string Locate()
    {
        var shared = Environment.GetEnvironmentVariable("SMUS_SHARED_DIR")
            ?? typeof(AwsModels).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "SharedDir")?.Value;
        var root = shared is null ? null : Path.Combine(shared, "aws-models");
        if (root is null || !Directory.Exists(root))
            throw new DirectoryNotFoundException($"The AWS models folder was not found at '{root}'. Set SMUS_SHARED_DIR to the folder that holds aws-models/.");
        return root;
    }
}
