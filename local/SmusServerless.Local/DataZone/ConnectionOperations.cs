using System.Text.Json.Nodes;

namespace SmusServerless.Local.DataZone;

/// <summary>Connections: the S3 locations, Athena workgroups, ... a project deploys to and reads from.</summary>
internal static class ConnectionOperations
{
    /// <summary>Input <c>props</c> union member → connection type.</summary>
    private static readonly Dictionary<string, string> TypeByProperties = new(StringComparer.Ordinal)
    {
        ["athenaProperties"] = "ATHENA",
        ["glueProperties"] = "SPARK",
        ["hyperPodProperties"] = "HYPERPOD",
        ["iamProperties"] = "IAM",
        ["redshiftProperties"] = "REDSHIFT",
        ["sparkEmrProperties"] = "SPARK",
        ["sparkGlueProperties"] = "SPARK",
        ["s3Properties"] = "S3",
        ["snowflakeProperties"] = "SNOWFLAKE",
        ["amazonQProperties"] = "AMAZON_Q",
        ["mlflowProperties"] = "MLFLOW",
        ["workflowsMwaaProperties"] = "WORKFLOWS_MWAA",
        ["workflowsServerlessProperties"] = "WORKFLOWS_MWAA",
        ["lakehouseProperties"] = "IAM",
        ["vpcProperties"] = "VPC",
        ["gitProperties"] = "GIT",
    };

    public static JsonObject List(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var items = ctx.State.Connections.WhereEq("domainId", domainId)
            .WhereEq("projectId", ctx.Str("projectIdentifier"))
            .WhereEq("environmentId", ctx.Str("environmentIdentifier"))
            .WhereEq("type", ctx.Str("type"))
            .WhereEq("scope", ctx.Str("scope"));
        if (ctx.Str("name") is { Length: > 0 } name)
        {
            items = items.Where(c => c.Str("name") == name);
        }

        return ctx.Page(items.Sorted(ctx.Str("sortBy"), ctx.Str("sortOrder")).Select(WithId));
    }

    public static JsonObject Get(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        return WithId(ctx.Find(ctx.State.Connections, domainId, ctx.RequiredStr("identifier"), "Connection"));
    }

    public static JsonObject Create(OperationContext ctx)
    {
        var domain = ctx.AvailableDomain();
        var domainId = OperationContext.Id(domain);
        if (ctx.PriorCreate(domainId) is { } prior && ctx.State.Connections.FirstOrDefault(c => c.Str("id") == prior) is { } existing)
        {
            return WithId(existing);
        }

        JsonObject? environment = null;
        if (ctx.Str("environmentIdentifier") is { } environmentId)
        {
            environment = ctx.Find(ctx.State.Environments, domainId, environmentId, "Environment");
        }

        var name = ctx.RequiredStr("name");
        var projectId = environment?.Str("projectId");
        if (ctx.State.Connections.Any(c => c.Str("domainId") == domainId && c.Str("projectId") == projectId && c.Str("name") == name))
        {
            throw DataZoneServiceException.Conflict($"A connection named '{name}' already exists in {(projectId is null ? "domain " + domainId : "project " + projectId)}.");
        }

        var props = ctx.Input.Obj("props");
        var propertyKind = props?.First().Key;
        var type = propertyKind is null ? "IAM" : TypeByProperties[propertyKind];
        var outputProps = new JsonObject();
        if (props is not null && propertyKind is not null)
        {
            var copy = (JsonObject)props[propertyKind]!.DeepClone();
            if (propertyKind is "s3Properties" or "gitProperties" or "vpcProperties" or "redshiftProperties" or "glueProperties")
            {
                copy["status"] = "READY";
            }

            outputProps[propertyKind] = copy;
        }

        var location = ctx.Input.Obj("awsLocation")?.DeepClone() as JsonObject ?? new JsonObject();
        location["awsAccountId"] ??= environment?.Str("awsAccountId") ?? ctx.Options.AccountId;
        location["awsRegion"] ??= environment?.Str("awsAccountRegion") ?? ctx.Options.Region;
        var connection = NewConnection(domainId, domain.Str("rootDomainUnitId")!, OperationContext.NewId(), name, type,
            environment, outputProps, location, ctx.Str("scope") ?? (environment is null ? "DOMAIN" : "PROJECT"), ctx.NowIso);
        if (ctx.Str("description") is { } description)
        {
            connection["description"] = description;
        }

        if (ctx.Input["configurations"] is { } configurations)
        {
            connection["configurations"] = configurations.DeepClone();
        }

        ctx.State.Connections.Add(connection);
        ctx.RememberCreate(domainId, connection.Str("id")!);
        return WithId(connection);
    }

    public static JsonObject NewConnection(string domainId, string domainUnitId, string id, string name, string type, JsonObject? environment,
        JsonObject props, JsonObject awsLocation, string scope, string nowIso) => new()
    {
        ["domainId"] = domainId,
        ["id"] = id,
        ["domainUnitId"] = domainUnitId,
        ["name"] = name,
        ["type"] = type,
        ["projectId"] = environment?.Str("projectId"),
        ["environmentId"] = environment?.Str("id"),
        ["props"] = props,
        ["physicalEndpoints"] = new JsonArray(new JsonObject { ["awsLocation"] = awsLocation }),
        ["scope"] = scope,
        ["createdAt"] = nowIso,
    };

    /// <summary>S3 connection props as the service returns them.</summary>
    public static JsonObject S3Props(string s3Uri) => new() { ["s3Properties"] = new JsonObject { ["s3Uri"] = s3Uri, ["status"] = "READY" } };

    private static JsonObject WithId(JsonObject connection)
    {
        // Connections carry their id as connectionId on the wire; "id" is the simulator's key.
        var copy = (JsonObject)connection.DeepClone();
        copy["connectionId"] = connection.Str("id");
        return copy;
    }
}
