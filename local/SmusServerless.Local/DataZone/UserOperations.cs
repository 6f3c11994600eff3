using System.Text.Json.Nodes;
using SmusServerless.Local.DataZone.State;

namespace SmusServerless.Local.DataZone;

/// <summary>User profiles (IAM principals and IAM Identity Center users known to a domain) and IAM role group profiles.</summary>
internal static class UserOperations
{
    /// <summary>
    /// SearchGroupProfiles. Only IAM role session groups (how SageMaker Unified Studio makes an IAM role a member) are
    /// simulated, so the Identity Center group types find none.
    /// </summary>
    public static JsonObject SearchGroups(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var type = ctx.RequiredStr("groupType");
        var text = ctx.Str("searchText");
        var items = ctx.State.GroupProfiles
            .Where(g => g.Str("domainId") == domainId && type == "IAM_ROLE_SESSION_GROUP")
            .Where(g => string.IsNullOrEmpty(text)
                        || (g.Str("groupName") ?? "").Contains(text, StringComparison.OrdinalIgnoreCase)
                        || (g.Str("rolePrincipalArn") ?? "").Contains(text, StringComparison.OrdinalIgnoreCase))
            .Sorted(null, null, "groupName");
        return ctx.Page(items);
    }

    /// <summary>The group profile of an IAM role: named after the role (a group name cannot hold an ARN's ':' or '/').</summary>
    public static JsonObject NewRoleGroupProfile(string domainId, string id, string roleArn) => new()
    {
        ["domainId"] = domainId,
        ["id"] = id,
        ["status"] = "ASSIGNED",
        ["groupName"] = roleArn[(roleArn.LastIndexOf('/') + 1)..],
        ["rolePrincipalArn"] = roleArn,
        ["rolePrincipalId"] = "AROA" + id[^12..].ToUpperInvariant(),
    };

    public static JsonObject Search(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var wanted = ctx.RequiredStr("userType") switch
        {
            "DATAZONE_IAM_USER" => new[] { "IAM" },
            "SSO_USER" or "DATAZONE_SSO_USER" => ["SSO"],
            _ => ["IAM", "SSO"],
        };
        var text = ctx.Str("searchText");
        var items = ctx.State.UserProfiles
            .Where(u => u.Str("domainId") == domainId && wanted.Contains(u.Str("type")))
            .Where(u => string.IsNullOrEmpty(text) || SearchableText(u).Contains(text, StringComparison.OrdinalIgnoreCase))
            .Sorted(null, null);
        return ctx.Page(items);
    }

    public static JsonObject Get(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var identifier = ctx.RequiredStr("userIdentifier");
        var profile = Resolve(ctx.State, domainId, identifier);
        if (profile is null || (ctx.Str("type") is { } type && profile.Str("type") != type))
        {
            throw DataZoneServiceException.NotFound($"User profile {identifier} not found in domain {domainId}.");
        }

        return profile;
    }

    /// <summary>Finds a profile by id, IAM ARN or SSO user name.</summary>
    public static JsonObject? Resolve(DataZoneStateDocument state, string domainId, string identifier) =>
        state.UserProfiles.FirstOrDefault(u => u.Str("domainId") == domainId &&
            (u.Str("id") == identifier
             || u.Obj("details")?.Obj("iam")?.Str("arn") == identifier
             || string.Equals(u.Obj("details")?.Obj("sso")?.Str("username"), identifier, StringComparison.OrdinalIgnoreCase)));

    public static JsonObject NewIamProfile(string domainId, string id, string arn) => new()
    {
        ["domainId"] = domainId,
        ["id"] = id,
        ["type"] = "IAM",
        ["status"] = "ACTIVATED",
        ["details"] = new JsonObject { ["iam"] = new JsonObject { ["arn"] = arn, ["principalId"] = "AROA" + id[^12..].ToUpperInvariant() } },
    };

    public static JsonObject NewSsoProfile(string domainId, string id, string username, string? firstName, string? lastName) => new()
    {
        ["domainId"] = domainId,
        ["id"] = id,
        ["type"] = "SSO",
        ["status"] = "ACTIVATED",
        ["details"] = new JsonObject
        {
            ["sso"] = new JsonObject { ["username"] = username, ["firstName"] = firstName, ["lastName"] = lastName },
        },
    };

    private static string SearchableText(JsonObject profile)
    {
        var details = profile.Obj("details");
        return string.Join(' ', new[]
        {
            details?.Obj("iam")?.Str("arn"), details?.Obj("sso")?.Str("username"),
            details?.Obj("sso")?.Str("firstName"), details?.Obj("sso")?.Str("lastName"),
        }.Where(s => s is not null));
    }
}
