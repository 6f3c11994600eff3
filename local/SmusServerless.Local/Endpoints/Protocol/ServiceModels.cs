using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace SmusServerless.Local.Endpoints.Protocol;

/// <summary>
/// The official service models that drive the local stack (vendor/aws-models), embedded in this assembly, so the
/// installed tool, <c>dotnet run</c>, a test host and the Lambda bootstrap find them with no path, no environment
/// variable and no search. Each is parsed on first use. An explicit directory holding
/// <c>&lt;service&gt;/service-2.json</c> may stand in for them (to try a newer model).
/// </summary>
public static class ServiceModels
{
    public const string DataZone = "datazone";
    public const string StepFunctions = "stepfunctions";
    public const string EventBridge = "events";

    private static readonly ConcurrentDictionary<string, Lazy<ServiceModel>> Embedded = new(StringComparer.Ordinal);

    public static ServiceModel Get(string service, string? overrideDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(overrideDirectory))
        {
            var path = Path.Combine(overrideDirectory, service, "service-2.json");
            return File.Exists(path)
                ? ServiceModel.Load(path)
                : throw new FileNotFoundException($"The models directory {overrideDirectory} has no {service}/service-2.json.", path);
        }
        return Embedded.GetOrAdd(service, name => new Lazy<ServiceModel>(() => LoadEmbedded(name))).Value;
    }

    private static ServiceModel LoadEmbedded(string service)
    {
        var resource = ResourceName(service);
        using var stream = typeof(ServiceModels).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"No embedded model '{resource}' in {typeof(ServiceModels).Assembly.GetName().Name}: the local stack has no {service} model.");
        var root = JsonNode.Parse(stream) as JsonObject
            ?? throw new InvalidDataException($"{resource}: the service model is not a JSON object.");
        return ServiceModel.Parse(root, resource);
    }

    /// <summary>The manifest resource name of a service's model (set by the project file's EmbeddedResource items).</summary>
    public static string ResourceName(string service) => $"aws-models/{service}/service-2.json";
}
