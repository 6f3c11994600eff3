using System.Text.Json.Nodes;

namespace SmusServerless.Local.DataZone;

/// <summary>Readers and filters for the JSON resources the simulator keeps.</summary>
internal static class ResourceJson
{
    public static string? Str(this JsonObject obj, string member) =>
        obj[member] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static JsonObject? Obj(this JsonObject obj, string member) => obj[member] as JsonObject;

    public static JsonArray Arr(this JsonObject obj, string member) => obj[member] as JsonArray ?? [];

    public static IEnumerable<JsonObject> Objects(this JsonArray array) => array.OfType<JsonObject>();

    /// <summary>Keeps items whose member equals the filter value; a missing filter keeps everything.</summary>
    public static IEnumerable<JsonObject> WhereEq(this IEnumerable<JsonObject> items, string member, string? filter) =>
        filter is null ? items : items.Where(i => i.Str(member) == filter);

    public static IEnumerable<JsonObject> Sorted(this IEnumerable<JsonObject> items, string? sortBy, string? sortOrder, string nameMember = "name")
    {
        var key = sortBy switch
        {
            "NAME" => nameMember,
            "UPDATED_AT" => "updatedAt",
            _ => "createdAt",
        };
        var ordered = items.OrderBy(i => i.Str(key), StringComparer.Ordinal).ThenBy(i => i.Str("id"), StringComparer.Ordinal);
        return sortOrder == "DESCENDING" ? ordered.Reverse() : ordered;
    }

    public static JsonNode? Clone(this JsonNode? node) => node?.DeepClone();
}
