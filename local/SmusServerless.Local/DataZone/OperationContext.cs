using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmusServerless.Local.DataZone.State;
using SmusServerless.Local.Endpoints.Protocol;

namespace SmusServerless.Local.DataZone;

/// <summary>One validated call: its input, the state it may change, the virtual time, and small lookup helpers.</summary>
internal sealed class OperationContext(
    OperationModel operation,
    JsonObject input,
    DataZoneStateDocument state,
    DateTimeOffset now,
    DataZoneSimulatorOptions options,
    ServiceModel model)
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public OperationModel Operation { get; } = operation;

    public JsonObject Input { get; } = input;

    public DataZoneStateDocument State { get; } = state;

    public DateTimeOffset Now { get; } = now;

    public string NowIso => ShapeProjector.Iso(Now);

    public DataZoneSimulatorOptions Options { get; } = options;

    public string? Str(string member) => Input[member] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public string RequiredStr(string member) => Str(member) ?? throw DataZoneServiceException.Validation($"{member} is required.");

    public static string NewId(int length = 14) => RandomNumberGenerator.GetString(Alphabet, length);

    public JsonObject Domain()
    {
        var id = Str("domainIdentifier") ?? RequiredStr("identifier");
        return FindDomain(id) ?? throw DomainMissing(id);
    }

    public JsonObject? FindDomain(string id) => State.Domains.FirstOrDefault(d => Id(d) == id && (string?)d["status"] != "DELETED");

    /// <summary>
    /// An unknown domain is a 404 where the operation models ResourceNotFoundException; operations that do not model
    /// it (most List* calls) answer AccessDeniedException, as the service does for a domain the caller cannot see.
    /// </summary>
    public DataZoneServiceException DomainMissing(string id) =>
        Operation.Errors.Contains("ResourceNotFoundException")
            ? DataZoneServiceException.NotFound($"Domain {id} not found.")
            : DataZoneServiceException.AccessDenied($"User is not permitted to perform operation: {Operation.Name} on domain {id}.");

    public JsonObject AvailableDomain()
    {
        var domain = Domain();
        if ((string?)domain["status"] != "AVAILABLE")
        {
            throw DataZoneServiceException.Validation($"Domain {Id(domain)} is not AVAILABLE (status {(string?)domain["status"]}).");
        }

        return domain;
    }

    public JsonObject Find(List<JsonObject> collection, string domainId, string id, string kind) =>
        collection.FirstOrDefault(r => (string?)r["domainId"] == domainId && Id(r) == id)
        ?? throw DataZoneServiceException.NotFound($"{kind} {id} not found in domain {domainId}.");

    public static string Id(JsonObject resource) => (string)resource["id"]!;

    public static JsonObject Sim(JsonObject resource)
    {
        if (resource["_sim"] is not JsonObject sim)
        {
            resource["_sim"] = sim = new JsonObject();
        }

        return sim;
    }

    public void Schedule(TimeSpan after, TransitionKind kind, string domainId, string resourceId) =>
        State.Schedule.Add(new ScheduledTransition(Now + after, kind, domainId, resourceId));

    /// <summary>Returns the resource an earlier create with the same clientToken made, if any.</summary>
    public string? PriorCreate(string domainScope)
    {
        var token = Str("clientToken");
        return token is null ? null : State.ClientTokens.GetValueOrDefault($"{Operation.Name}|{domainScope}|{token}");
    }

    public void RememberCreate(string domainScope, string id)
    {
        if (Str("clientToken") is { } token)
        {
            State.ClientTokens[$"{Operation.Name}|{domainScope}|{token}"] = id;
        }
    }

    /// <summary>One page of <paramref name="items"/> under <c>maxResults</c>/<c>nextToken</c>; tokens are opaque and bound to the query.</summary>
    public JsonObject Page(IEnumerable<JsonObject> items, string itemsMember = "items")
    {
        var all = items.ToList();
        var pageSize = Input["maxResults"] is JsonValue m ? int.Parse(m.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : DefaultPageSize();
        var fingerprint = QueryFingerprint();
        var offset = 0;
        if (Str("nextToken") is { } token)
        {
            offset = ReadToken(token, fingerprint);
        }

        var result = new JsonObject { [itemsMember] = new JsonArray(all.Skip(offset).Take(pageSize).Select(i => (JsonNode)i.DeepClone()).ToArray()) };
        if (offset + pageSize < all.Count)
        {
            result["nextToken"] = WriteToken(offset + pageSize, fingerprint);
        }

        return result;
    }

    private int DefaultPageSize()
    {
        var inputShape = model.Shape(Operation.InputShape!);
        return inputShape.Members.TryGetValue("maxResults", out var member) && model.Shape(member.Shape).Max is { } max ? (int)max : 50;
    }

    private string QueryFingerprint()
    {
        var query = (JsonObject)Input.DeepClone();
        query.Remove("nextToken");
        query.Remove("maxResults");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Operation.Name + query.ToJsonString()));
        return Convert.ToHexString(hash, 0, 8);
    }

    private static string WriteToken(int offset, string fingerprint) =>
        Base64Url(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new PageToken(offset, fingerprint), PageTokenJsonContext.Default.PageToken)));

    private static int ReadToken(string token, string fingerprint)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parsed = JsonSerializer.Deserialize(Convert.FromBase64String(padded), PageTokenJsonContext.Default.PageToken);
            if (parsed is not null && parsed.Query == fingerprint && parsed.Offset >= 0)
            {
                return parsed.Offset;
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            // Falls through to the same error as a token for another query.
        }

        throw DataZoneServiceException.Validation("The nextToken is not valid for this request (it must come from the previous page of the same query).");
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed record PageToken(int Offset, string Query);

[System.Text.Json.Serialization.JsonSerializable(typeof(PageToken))]
internal sealed partial class PageTokenJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
