using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace SmusServerless.Core.Bundle;

/// <summary>
/// bundle.json: what a bundle is (name, version, when and from which commit) and every file it holds, with size
/// and SHA-256, sorted by path. It lists every entry except itself.
/// </summary>
public sealed partial record BundleDescriptor(
    int FormatVersion,
    string Name,
    string Version,
    [property: JsonConverter(typeof(UtcSecondsJsonConverter))] DateTimeOffset Created,
    BundleSource Source,
    IReadOnlyList<BundleFileRecord> Files)
{
    public const int CurrentFormatVersion = 1;

    /// <summary>UTF-8 JSON, indented, deterministic (same descriptor, same bytes).</summary>
    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, BundleJsonContext.Default.BundleDescriptor);

    /// <summary>Parses and checks bundle.json; throws <see cref="BundleRefusedException"/> (<see cref="BundleRefusalReason.InvalidBundleJson"/>) naming what is wrong.</summary>
    public static BundleDescriptor Parse(ReadOnlySpan<byte> utf8Json)
    {
        BundleDescriptor? descriptor;
        try
        {
            descriptor = JsonSerializer.Deserialize(utf8Json, BundleJsonContext.Default.BundleDescriptor);
        }
        catch (JsonException e)
        {
            throw Invalid($"not valid bundle JSON: {e.Message}");
        }
        if (descriptor is null)
            throw Invalid("null document");
        descriptor.Check();
        return descriptor;
    }

    private void Check()
    {
        if (FormatVersion != CurrentFormatVersion)
            throw Invalid($"formatVersion {FormatVersion} is not supported (expected {CurrentFormatVersion})");
        if (BundleNaming.CheckName(Name) is { } nameProblem)
            throw Invalid($"name: {nameProblem}");
        if (BundleNaming.CheckVersion(Version) is { } versionProblem)
            throw Invalid($"version: {versionProblem}");
        if (Source is null)
            throw Invalid("source: required");
        if (Files is null)
            throw Invalid("files: required");
        string? previous = null;
        for (var i = 0; i < Files.Count; i++)
        {
            var file = Files[i];
            if (file is null || file.Path is null || file.Sha256 is null)
                throw Invalid($"files[{i}]: path, size and sha256 are required");
            if (BundleEntryName.Check(file.Path) is { } problem || BundleEntryName.IsDirectory(file.Path))
                throw Invalid($"files[{i}].path '{file.Path}' is not a safe file name");
            if (file.Size < 0)
                throw Invalid($"files[{i}].size is negative");
            if (!Sha256Hex().IsMatch(file.Sha256))
                throw Invalid($"files[{i}].sha256 is not 64 lowercase hex digits");
            if (previous is not null && string.CompareOrdinal(previous, file.Path) >= 0)
                throw Invalid($"files[{i}].path '{file.Path}' is out of order or repeated (files are sorted by path)");
            previous = file.Path;
        }
    }

    private static BundleRefusedException Invalid(string detail) =>
        new(BundleRefusalReason.InvalidBundleJson, BundleEntryName.Descriptor, detail);

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}

/// <summary>Where a bundle came from. Commit and author are null when neither given nor found in CI variables.</summary>
public sealed record BundleSource(string? Commit, string? Author, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Repository = null);

/// <summary>One bundled file: its entry path, uncompressed size and lowercase hex SHA-256.</summary>
public sealed record BundleFileRecord(string Path, long Size, string Sha256);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(BundleDescriptor))]
internal sealed partial class BundleJsonContext : JsonSerializerContext;

/// <summary>ISO-8601 UTC to the second (<c>2026-01-31T12:00:00Z</c>): one spelling per instant keeps bundle.json deterministic.</summary>
internal sealed class UtcSecondsJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            throw new JsonException($"'{text}' is not an ISO-8601 timestamp");
        return value.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
