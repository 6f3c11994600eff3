using System.Text.Json.Nodes;

namespace SmusServerless.Local.DataZone;

/// <summary>The business catalog: published listings (SearchListings, GetListing) and the inventory (Search).</summary>
internal static class CatalogOperations
{
    public static JsonObject SearchListings(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var withForms = ctx.Input.Arr("additionalAttributes").Any(a => (string?)a == "FORMS");
        var matches = Filter(ctx, ctx.State.Listings.Where(l => l.Str("domainId") == domainId && l.Str("status") == "ACTIVE")).ToList();
        var page = ctx.Page(matches.Select(l => ListingItem(l, withForms)));
        page["totalMatchCount"] = matches.Count;
        return page;
    }

    public static JsonObject Search(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        if (ctx.RequiredStr("searchScope") != "ASSET")
        {
            // The simulated catalog holds assets only; glossaries and data products are empty.
            var empty = ctx.Page([]);
            empty["totalMatchCount"] = 0;
            return empty;
        }

        var listings = ctx.State.Listings.Where(l => l.Str("domainId") == domainId)
            .WhereEqAsset("owningProjectId", ctx.Str("owningProjectIdentifier"));
        var matches = Filter(ctx, listings).ToList();
        var page = ctx.Page(matches.Select(AssetItem));
        page["totalMatchCount"] = matches.Count;
        return page;
    }

    public static JsonObject Get(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var listing = ctx.Find(ctx.State.Listings, domainId, ctx.RequiredStr("identifier"), "Listing");
        if (ctx.Str("listingRevision") is { } revision && revision != listing.Str("listingRevision"))
        {
            throw DataZoneServiceException.NotFound($"Listing {listing.Str("id")} has no revision {revision}.");
        }

        return listing;
    }

    private static IEnumerable<JsonObject> WhereEqAsset(this IEnumerable<JsonObject> listings, string member, string? value) =>
        value is null ? listings : listings.Where(l => Asset(l).Str(member) == value);

    private static IEnumerable<JsonObject> Filter(OperationContext ctx, IEnumerable<JsonObject> listings)
    {
        var text = ctx.Str("searchText");
        var searchIn = ctx.Input.Arr("searchIn").Objects().Select(s => s.Str("attribute")!).ToArray();
        var result = listings.Where(l => MatchesText(l, text, searchIn));
        if (ctx.Input.Obj("filters") is { } filters)
        {
            result = result.Where(l => Matches(l, filters));
        }

        var sort = ctx.Input.Obj("sort");
        var key = sort?.Str("attribute") ?? "name";
        var ordered = result.OrderBy(l => Attribute(l, key) ?? "", StringComparer.Ordinal).ThenBy(l => l.Str("id"), StringComparer.Ordinal);
        return sort?.Str("order") == "DESCENDING" ? ordered.Reverse() : ordered;
    }

    private static bool MatchesText(JsonObject listing, string? text, string[] searchIn)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var attributes = searchIn.Length > 0 ? searchIn : ["name", "description", "forms"];
        return attributes.Any(a => Attribute(listing, a)?.Contains(text, StringComparison.OrdinalIgnoreCase) == true);
    }

    /// <summary>FilterClause: exactly one of filter / and / or (the model's union).</summary>
    private static bool Matches(JsonObject listing, JsonObject clause)
    {
        if (clause.Obj("filter") is { } filter)
        {
            var actual = Attribute(listing, filter.Str("attribute")!);
            if (actual is null)
            {
                return false;
            }

            var op = filter.Str("operator") ?? "EQ";
            if (filter["intValue"] is JsonValue intValue)
            {
                var wanted = intValue.GetValue<long>();
                return long.TryParse(actual, out var number) && op switch
                {
                    "LE" => number <= wanted,
                    "LT" => number < wanted,
                    "GE" => number >= wanted,
                    "GT" => number > wanted,
                    _ => number == wanted,
                };
            }

            var value = filter.Str("value") ?? "";
            return op switch
            {
                "TEXT_SEARCH" => actual.Contains(value, StringComparison.OrdinalIgnoreCase),
                "LE" => string.CompareOrdinal(actual, value) <= 0,
                "LT" => string.CompareOrdinal(actual, value) < 0,
                "GE" => string.CompareOrdinal(actual, value) >= 0,
                "GT" => string.CompareOrdinal(actual, value) > 0,
                _ => string.Equals(actual, value, StringComparison.OrdinalIgnoreCase),
            };
        }

        if (clause["and"] is JsonArray all)
        {
            return all.Objects().All(c => Matches(listing, c));
        }

        return clause["or"] is JsonArray any && any.Objects().Any(c => Matches(listing, c));
    }

    /// <summary>The searchable attributes of a listing, by the names search filters use.</summary>
    private static string? Attribute(JsonObject listing, string name)
    {
        var asset = Asset(listing);
        return name switch
        {
            "name" => listing.Str("name"),
            "description" => listing.Str("description"),
            "forms" => asset.Str("forms"),
            "owningProjectId" or "owningProjectIdentifier" => asset.Str("owningProjectId"),
            "typeIdentifier" or "assetType" or "entityType" or "amazonmetadata.typeIdentifier" => asset.Str("assetType"),
            "assetId" or "entityId" or "identifier" => asset.Str("assetId"),
            "listingId" or "id" => listing.Str("id"),
            "createdAt" => listing.Str("createdAt"),
            "updatedAt" => listing.Str("updatedAt"),
            _ => null,
        };
    }

    public static JsonObject Asset(JsonObject listing) => listing.Obj("item")!.Obj("assetListing")!;

    private static JsonObject ListingItem(JsonObject listing, bool withForms)
    {
        var asset = Asset(listing);
        var item = new JsonObject
        {
            ["listingId"] = listing.Str("id"),
            ["listingRevision"] = listing.Str("listingRevision"),
            ["name"] = listing.Str("name"),
            ["entityId"] = asset.Str("assetId"),
            ["entityRevision"] = asset.Str("assetRevision"),
            ["entityType"] = asset.Str("assetType"),
            ["description"] = listing.Str("description"),
            ["createdAt"] = listing.Str("createdAt"),
            ["listingCreatedBy"] = listing.Str("createdBy"),
            ["listingUpdatedBy"] = listing.Str("updatedBy"),
            ["owningProjectId"] = asset.Str("owningProjectId"),
        };
        if (withForms)
        {
            item["additionalAttributes"] = new JsonObject { ["forms"] = asset.Str("forms") };
        }

        return new JsonObject { ["assetListing"] = item };
    }

    private static JsonObject AssetItem(JsonObject listing)
    {
        var asset = Asset(listing);
        return new JsonObject
        {
            ["assetItem"] = new JsonObject
            {
                ["domainId"] = listing.Str("domainId"),
                ["identifier"] = asset.Str("assetId"),
                ["name"] = listing.Str("name"),
                ["typeIdentifier"] = asset.Str("assetType"),
                ["typeRevision"] = "1",
                ["owningProjectId"] = asset.Str("owningProjectId"),
                ["description"] = listing.Str("description"),
                ["createdAt"] = listing.Str("createdAt"),
                ["createdBy"] = listing.Str("createdBy"),
            },
        };
    }
}
