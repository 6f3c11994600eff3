using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace SmusServerless.Local.Endpoints.Protocol;

/// <summary>An AWS service model in the botocore <c>service-2.json</c> format: operations and shapes.</summary>
public sealed class ServiceModel
{
    private readonly FrozenDictionary<string, ShapeModel> _shapes;

    private ServiceModel(ServiceMetadata metadata, FrozenDictionary<string, OperationModel> operations, FrozenDictionary<string, ShapeModel> shapes)
    {
        Metadata = metadata;
        Operations = operations;
        _shapes = shapes;
    }

    public ServiceMetadata Metadata { get; }

    public FrozenDictionary<string, OperationModel> Operations { get; }

    public ShapeModel Shape(string name) =>
        _shapes.TryGetValue(name, out var shape) ? shape : throw new InvalidOperationException($"The service model has no shape '{name}'.");

    public ShapeModel? FindShape(string name) => _shapes.GetValueOrDefault(name);

    public OperationModel Operation(string name) =>
        Operations.TryGetValue(name, out var op) ? op : throw new InvalidOperationException($"The service model has no operation '{name}'.");

    /// <summary>Loads a model file; a model is immutable, so one parsed copy per file (and version) is shared.</summary>
    public static ServiceModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Service model not found: {path}", path);
        }

        var key = (Path.GetFullPath(path), File.GetLastWriteTimeUtc(path));
        return Loaded.GetOrAdd(key, k => LoadFile(k.Path));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Path, DateTime Written), ServiceModel> Loaded = new();

    private static ServiceModel LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        var root = JsonNode.Parse(stream) as JsonObject
            ?? throw new InvalidDataException($"{path}: the service model is not a JSON object.");
        return Parse(root, path);
    }

    public static ServiceModel Parse(JsonObject root, string source)
    {
        var meta = root["metadata"] as JsonObject ?? throw new InvalidDataException($"{source}: missing 'metadata'.");
        var metadata = new ServiceMetadata(
            Protocol: (string?)meta["protocol"] ?? throw new InvalidDataException($"{source}: missing metadata.protocol."),
            JsonVersion: (string?)meta["jsonVersion"],
            TargetPrefix: (string?)meta["targetPrefix"],
            SigningName: (string?)meta["signingName"] ?? (string?)meta["endpointPrefix"] ?? "",
            EndpointPrefix: (string?)meta["endpointPrefix"] ?? "",
            ServiceId: (string?)meta["serviceId"] ?? "");

        var shapes = new Dictionary<string, ShapeModel>(StringComparer.Ordinal);
        foreach (var (name, node) in (root["shapes"] as JsonObject) ?? [])
        {
            shapes[name] = ParseShape(name, (JsonObject)node!);
        }

        var operations = new Dictionary<string, OperationModel>(StringComparer.Ordinal);
        foreach (var (name, node) in (root["operations"] as JsonObject) ?? [])
        {
            var op = (JsonObject)node!;
            var http = op["http"] as JsonObject;
            operations[name] = new OperationModel(
                Name: name,
                HttpMethod: (string?)http?["method"] ?? "POST",
                RequestUri: (string?)http?["requestUri"] ?? "/",
                ResponseCode: (int?)http?["responseCode"] ?? 200,
                InputShape: (string?)op["input"]?["shape"],
                OutputShape: (string?)op["output"]?["shape"],
                Errors: ((op["errors"] as JsonArray) ?? []).Select(e => (string)e!["shape"]!).ToArray());
        }

        return new ServiceModel(metadata, operations.ToFrozenDictionary(StringComparer.Ordinal), shapes.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static ShapeModel ParseShape(string name, JsonObject node)
    {
        var members = new Dictionary<string, MemberModel>(StringComparer.Ordinal);
        foreach (var (memberName, memberNode) in (node["members"] as JsonObject) ?? [])
        {
            var m = (JsonObject)memberNode!;
            members[memberName] = new MemberModel(
                Name: memberName,
                Shape: (string)m["shape"]!,
                Location: (string?)m["location"],
                LocationName: (string?)m["locationName"] ?? memberName,
                IdempotencyToken: (bool?)m["idempotencyToken"] ?? false);
        }

        var required = ((node["required"] as JsonArray) ?? []).Select(r => (string)r!).ToFrozenSet(StringComparer.Ordinal);
        var enumValues = (node["enum"] as JsonArray)?.Select(e => (string)e!).ToArray();
        return new ShapeModel(
            Name: name,
            Type: (string?)node["type"] ?? "structure",
            Members: members.ToFrozenDictionary(StringComparer.Ordinal),
            Required: required,
            Min: ReadNumber(node["min"]),
            Max: ReadNumber(node["max"]),
            Pattern: (string?)node["pattern"],
            Enum: enumValues,
            IsUnion: (bool?)node["union"] ?? false,
            IsSensitive: (bool?)node["sensitive"] ?? false,
            TimestampFormat: (string?)node["timestampFormat"],
            MemberShape: (string?)node["member"]?["shape"],
            KeyShape: (string?)node["key"]?["shape"],
            ValueShape: (string?)node["value"]?["shape"],
            IsException: (bool?)node["exception"] ?? false,
            HttpStatusCode: (int?)node["error"]?["httpStatusCode"]);
    }

    private static decimal? ReadNumber(JsonNode? node) => node is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : null;
}

public sealed record ServiceMetadata(string Protocol, string? JsonVersion, string? TargetPrefix, string SigningName, string EndpointPrefix, string ServiceId);

public sealed record OperationModel(string Name, string HttpMethod, string RequestUri, int ResponseCode, string? InputShape, string? OutputShape, IReadOnlyList<string> Errors);

public sealed record MemberModel(string Name, string Shape, string? Location, string LocationName, bool IdempotencyToken);

public sealed record ShapeModel(
    string Name,
    string Type,
    FrozenDictionary<string, MemberModel> Members,
    FrozenSet<string> Required,
    decimal? Min,
    decimal? Max,
    string? Pattern,
    IReadOnlyList<string>? Enum,
    bool IsUnion,
    bool IsSensitive,
    string? TimestampFormat,
    string? MemberShape,
    string? KeyShape,
    string? ValueShape,
    bool IsException,
    int? HttpStatusCode);
