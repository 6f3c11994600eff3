using System.Text.Json.Serialization;

namespace SmusServerless.Local.S3;

/// <summary>What the file store keeps beside each version's bytes ("{versionId}.json").</summary>
internal sealed record VersionRecord(
    string VersionId,
    long Size,
    string ETag,
    DateTimeOffset LastModified,
    bool DeleteMarker,
    string? ContentType,
    Dictionary<string, string>? Metadata);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(VersionRecord))]
internal sealed partial class FileObjectStoreJsonContext : JsonSerializerContext;
