using System.Text.Json.Nodes;
using SmusServerless.Local.DataZone.State;

namespace SmusServerless.Local.DataZone;

/// <summary>Environments, blueprints, blueprint configurations and (V1) environment profiles.</summary>
internal static class EnvironmentOperations
{
    public static JsonObject List(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var items = ctx.State.Environments.WhereEq("domainId", domainId)
            .WhereEq("projectId", ctx.RequiredStr("projectIdentifier"))
            .WhereEq("status", ctx.Str("status"))
            .WhereEq("name", ctx.Str("name"))
            .WhereEq("awsAccountId", ctx.Str("awsAccountId"))
            .WhereEq("awsAccountRegion", ctx.Str("awsAccountRegion"))
            .WhereEq("environmentBlueprintId", ctx.Str("environmentBlueprintIdentifier"))
            .WhereEq("environmentProfileId", ctx.Str("environmentProfileIdentifier"))
            .WhereEq("provider", ctx.Str("provider"))
            .Sorted(null, null);
        return ctx.Page(items);
    }

    public static JsonObject Get(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        return ctx.Find(ctx.State.Environments, domainId, ctx.RequiredStr("identifier"), "Environment");
    }

    public static JsonObject Create(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.AvailableDomain());
        var project = ctx.Find(ctx.State.Projects, domainId, ctx.RequiredStr("projectIdentifier"), "Project");
        var name = ctx.RequiredStr("name");
        if (ctx.State.Environments.Any(e => e.Str("domainId") == domainId && e.Str("projectId") == project.Str("id") && e.Str("name") == name))
        {
            throw DataZoneServiceException.Conflict($"An environment named '{name}' already exists in project {project.Str("id")}.");
        }

        JsonObject configuration;
        if (ctx.Str("environmentConfigurationId") is { } configurationId || ctx.Str("environmentConfigurationName") is not null)
        {
            var wantedName = ctx.Str("environmentConfigurationName");
            var wantedId = ctx.Str("environmentConfigurationId");
            var profile = project.Str("projectProfileId") is { } pid ? ctx.Find(ctx.State.ProjectProfiles, domainId, pid, "Project profile") : null;
            configuration = profile?.Arr("environmentConfigurations").Objects()
                .FirstOrDefault(c => (wantedId is null || c.Str("id") == wantedId) && (wantedName is null || c.Str("name") == wantedName))
                ?? throw DataZoneServiceException.NotFound(
                    $"Environment configuration {wantedId ?? wantedName} not found in the project profile of project {project.Str("id")}.");
        }
        else if (ctx.Str("environmentProfileIdentifier") is { Length: > 0 } environmentProfileId)
        {
            var environmentProfile = ctx.Find(ctx.State.EnvironmentProfiles, domainId, environmentProfileId, "Environment profile");
            configuration = new JsonObject
            {
                ["environmentBlueprintId"] = environmentProfile.Str("environmentBlueprintId"),
                ["_environmentProfileId"] = environmentProfileId,
            };
        }
        else if (ctx.Str("environmentBlueprintIdentifier") is { } blueprintId)
        {
            ctx.Find(ctx.State.EnvironmentBlueprints, domainId, blueprintId, "Environment blueprint");
            configuration = new JsonObject { ["environmentBlueprintId"] = blueprintId };
        }
        else
        {
            throw DataZoneServiceException.Validation(
                "One of environmentConfigurationId, environmentConfigurationName, environmentProfileIdentifier or environmentBlueprintIdentifier is required.");
        }

        return StartEnvironment(ctx, project, configuration, name, ctx.Options.Timings.EnvironmentDeployment);
    }

    /// <summary>Creates an environment in CREATING and schedules the end of its deployment.</summary>
    public static JsonObject StartEnvironment(OperationContext ctx, JsonObject project, JsonObject configuration, string name, TimeSpan deploymentTime)
    {
        var domainId = project.Str("domainId")!;
        var id = OperationContext.NewId();
        var environment = new JsonObject
        {
            ["projectId"] = project.Str("id"),
            ["id"] = id,
            ["domainId"] = domainId,
            ["createdBy"] = ctx.Options.CallerUserId,
            ["createdAt"] = ctx.NowIso,
            ["updatedAt"] = ctx.NowIso,
            ["name"] = name,
            ["description"] = configuration.Str("description"),
            ["awsAccountId"] = configuration.Obj("awsAccount")?.Str("awsAccountId") ?? ctx.Options.AccountId,
            ["awsAccountRegion"] = configuration.Obj("awsRegion")?.Str("regionName") ?? ctx.Options.Region,
            ["provider"] = "Amazon SageMaker",
            ["status"] = "CREATING",
            ["environmentBlueprintId"] = configuration.Str("environmentBlueprintId"),
            ["environmentConfigurationId"] = configuration.Str("id"),
            ["environmentConfigurationName"] = configuration.Str("name"),
            ["environmentProfileId"] = configuration.Str("_environmentProfileId"),
            ["provisionedResources"] = new JsonArray(),
            ["deploymentProperties"] = new JsonObject { ["startTimeoutMinutes"] = 60, ["endTimeoutMinutes"] = 60 },
            ["lastDeployment"] = new JsonObject
            {
                ["deploymentId"] = OperationContext.NewId(),
                ["deploymentType"] = "CREATE",
                ["deploymentStatus"] = "IN_PROGRESS",
                ["isDeploymentComplete"] = false,
            },
        };
        if (ctx.Input["userParameters"] is JsonArray parameters && ctx.Operation.Name == "CreateEnvironment")
        {
            OperationContext.Sim(environment)["userParameters"] = parameters.DeepClone();
        }

        ctx.State.Environments.Add(environment);
        ctx.Schedule(deploymentTime, TransitionKind.EnvironmentDeployed, domainId, id);
        return environment;
    }

    public static JsonObject ListBlueprints(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var items = ctx.State.EnvironmentBlueprints.WhereEq("domainId", domainId).WhereEq("name", ctx.Str("name"));
        if (ctx.Input["managed"] is JsonValue managed)
        {
            var wanted = managed.GetValue<bool>();
            items = items.Where(b => ((bool?)b.Obj("_sim")?["managed"] ?? false) == wanted);
        }

        return ctx.Page(items.Sorted(null, null));
    }

    public static JsonObject ListBlueprintConfigurations(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        return ctx.Page(ctx.State.BlueprintConfigurations.WhereEq("domainId", domainId).Sorted(null, null));
    }

    public static JsonObject ListProfiles(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var items = ctx.State.EnvironmentProfiles.WhereEq("domainId", domainId)
            .WhereEq("awsAccountId", ctx.Str("awsAccountId"))
            .WhereEq("awsAccountRegion", ctx.Str("awsAccountRegion"))
            .WhereEq("environmentBlueprintId", ctx.Str("environmentBlueprintIdentifier"))
            .WhereEq("projectId", ctx.Str("projectIdentifier"))
            .WhereEq("name", ctx.Str("name"))
            .Sorted(null, null);
        return ctx.Page(items);
    }
}
