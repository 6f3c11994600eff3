using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SmusServerless.Local.DataZone.State;

/// <summary>
/// Everything the simulated DataZone knows, as one JSON document. Resources are kept in their wire shape
/// (member names as in the service model, timestamps as ISO 8601); simulator bookkeeping lives under the
/// <c>_sim</c> member, which no output shape models and so never reaches a client.
/// </summary>
public sealed class DataZoneStateDocument
{
    public int Version { get; set; } = 1;

    public List<JsonObject> Domains { get; set; } = [];

    public List<JsonObject> ProjectProfiles { get; set; } = [];

    public List<JsonObject> Projects { get; set; } = [];

    public List<JsonObject> Memberships { get; set; } = [];

    public List<JsonObject> UserProfiles { get; set; } = [];

    public List<JsonObject> GroupProfiles { get; set; } = [];

    public List<JsonObject> Environments { get; set; } = [];

    public List<JsonObject> EnvironmentBlueprints { get; set; } = [];

    public List<JsonObject> BlueprintConfigurations { get; set; } = [];

    public List<JsonObject> EnvironmentProfiles { get; set; } = [];

    public List<JsonObject> Connections { get; set; } = [];

    public List<JsonObject> Listings { get; set; } = [];

    public List<JsonObject> SubscriptionRequests { get; set; } = [];

    public List<JsonObject> Subscriptions { get; set; } = [];

    public List<JsonObject> Grants { get; set; } = [];

    /// <summary>Pending asynchronous state changes, applied when the (virtual) clock passes their time.</summary>
    public List<ScheduledTransition> Schedule { get; set; } = [];

    /// <summary>clientToken of a create call (operation|domain|token) → the id it created, so a retried create returns the same resource.</summary>
    public Dictionary<string, string> ClientTokens { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A state change due at <see cref="At"/>: <see cref="Kind"/> applied to resource <see cref="ResourceId"/>.</summary>
public sealed record ScheduledTransition(DateTimeOffset At, TransitionKind Kind, string DomainId, string ResourceId);

[JsonConverter(typeof(JsonStringEnumConverter<TransitionKind>))]
public enum TransitionKind
{
    DomainAvailable,
    EnvironmentDeployed,
    SubscriptionOwnerDecision,
    GrantInProgress,
    GrantFinished,
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DataZoneStateDocument))]
internal sealed partial class DataZoneStateJsonContext : JsonSerializerContext;
