using System.Text.Json.Nodes;

namespace SmusServerless.Local.DataZone;

/// <summary>Project profiles, projects and their memberships.</summary>
internal static class ProjectOperations
{
    public static JsonObject ListProfiles(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var items = ctx.State.ProjectProfiles.WhereEq("domainId", domainId).WhereEq("name", ctx.Str("name"))
            .Sorted(ctx.Str("sortBy"), ctx.Str("sortOrder"));
        return ctx.Page(items);
    }

    public static JsonObject GetProfile(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        return ctx.Find(ctx.State.ProjectProfiles, domainId, ctx.RequiredStr("identifier"), "Project profile");
    }

    public static JsonObject CreateProfile(OperationContext ctx)
    {
        var domain = ctx.AvailableDomain();
        var domainId = OperationContext.Id(domain);
        var name = ctx.RequiredStr("name");
        if (ctx.State.ProjectProfiles.Any(p => p.Str("domainId") == domainId && p.Str("name") == name))
        {
            throw DataZoneServiceException.Conflict($"A project profile named '{name}' already exists in domain {domainId}.");
        }

        var configurations = new JsonArray();
        foreach (var configuration in ctx.Input.Arr("environmentConfigurations").Objects())
        {
            var blueprintId = configuration.Str("environmentBlueprintId")!;
            if (!ctx.State.EnvironmentBlueprints.Any(b => b.Str("domainId") == domainId && b.Str("id") == blueprintId))
            {
                throw DataZoneServiceException.NotFound($"Environment blueprint {blueprintId} not found in domain {domainId}.");
            }

            var copy = (JsonObject)configuration.DeepClone();
            copy["id"] ??= OperationContext.NewId();
            copy["deploymentMode"] ??= "ON_CREATE";
            configurations.Add(copy);
        }

        var profile = NewProfile(domainId, OperationContext.NewId(), name, ctx.Str("status") ?? "ENABLED", configurations,
            ctx.Str("domainUnitIdentifier") ?? domain.Str("rootDomainUnitId")!, ctx.Options.CallerUserId, ctx.NowIso);
        foreach (var member in new[] { "description", "projectResourceTags", "allowCustomProjectResourceTags", "projectResourceTagsDescription" })
        {
            if (ctx.Input[member] is { } value)
            {
                profile[member] = value.DeepClone();
            }
        }

        ctx.State.ProjectProfiles.Add(profile);
        return profile;
    }

    public static JsonObject NewProfile(string domainId, string id, string name, string status, JsonArray configurations, string domainUnitId, string createdBy, string nowIso) => new()
    {
        ["domainId"] = domainId,
        ["id"] = id,
        ["name"] = name,
        ["status"] = status,
        ["environmentConfigurations"] = configurations,
        ["domainUnitId"] = domainUnitId,
        ["createdBy"] = createdBy,
        ["createdAt"] = nowIso,
        ["lastUpdatedAt"] = nowIso,
    };

    public static JsonObject List(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var items = ctx.State.Projects.WhereEq("domainId", domainId).WhereEq("name", ctx.Str("name"))
            .WhereEq("projectCategory", ctx.Str("projectCategory"));
        if (ctx.Str("userIdentifier") is { } user)
        {
            items = items.Where(p => IsMember(ctx, p, user, "userIdentifier"));
        }

        if (ctx.Str("groupIdentifier") is { } group)
        {
            items = items.Where(p => IsMember(ctx, p, group, "groupIdentifier"));
        }

        return ctx.Page(items.Sorted(null, null).Select(p => WithSummaryTimes(p)));
    }

    public static JsonObject Get(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        return ctx.Find(ctx.State.Projects, domainId, ctx.RequiredStr("identifier"), "Project");
    }

    public static JsonObject Create(OperationContext ctx)
    {
        var domain = ctx.AvailableDomain();
        var domainId = OperationContext.Id(domain);
        if (ctx.PriorCreate(domainId) is { } prior && ctx.State.Projects.FirstOrDefault(p => p.Str("id") == prior) is { } existing)
        {
            return existing;
        }

        var name = ctx.RequiredStr("name");
        if (ctx.State.Projects.Any(p => p.Str("domainId") == domainId && p.Str("name") == name))
        {
            throw DataZoneServiceException.Conflict($"A project with name '{name}' already exists in domain {domainId}.");
        }

        JsonObject? profile = null;
        if (ctx.Str("projectProfileId") is { } profileId)
        {
            profile = ctx.Find(ctx.State.ProjectProfiles, domainId, profileId, "Project profile");
            if (profile.Str("status") != "ENABLED")
            {
                throw DataZoneServiceException.Validation($"Project profile {profileId} is DISABLED.");
            }
        }

        var configurations = profile?.Arr("environmentConfigurations").Objects().ToList() ?? [];
        foreach (var parameter in ctx.Input.Arr("userParameters").Objects())
        {
            var configurationName = parameter.Str("environmentConfigurationName");
            if (configurationName is not null && configurations.All(c => c.Str("name") != configurationName))
            {
                throw DataZoneServiceException.Validation(
                    $"userParameters names environment configuration '{configurationName}', which project profile {profile?.Str("id") ?? "(none)"} does not have.");
            }
        }

        var projectId = OperationContext.NewId();
        var project = new JsonObject
        {
            ["domainId"] = domainId,
            ["id"] = projectId,
            ["name"] = name,
            ["projectStatus"] = "ACTIVE",
            ["createdBy"] = ctx.Options.CallerUserId,
            ["createdAt"] = ctx.NowIso,
            ["lastUpdatedAt"] = ctx.NowIso,
            ["domainUnitId"] = ctx.Str("domainUnitId") ?? domain.Str("rootDomainUnitId"),
            ["_sim"] = new JsonObject { ["subscriptionTargetId"] = OperationContext.NewId() },
        };
        foreach (var member in new[] { "description", "glossaryTerms", "projectProfileId", "userParameters", "projectCategory", "projectExecutionRole" })
        {
            if (ctx.Input[member] is { } value)
            {
                project[member] = value.DeepClone();
            }
        }

        if (ctx.Input.Obj("resourceTags") is { } tags)
        {
            project["resourceTags"] = new JsonArray(tags.Select(t => (JsonNode)new JsonObject
            {
                ["key"] = t.Key, ["value"] = t.Value!.DeepClone(), ["source"] = "PROJECT",
            }).ToArray());
        }

        ctx.State.Projects.Add(project);
        AddMembership(ctx, domainId, projectId, new JsonObject { ["userIdentifier"] = ctx.Options.CallerUserId }, "PROJECT_OWNER");
        foreach (var assignment in ctx.Input.Arr("membershipAssignments").Objects())
        {
            var member = ResolveMember(ctx, domainId, assignment.Obj("member")!);
            AddMembership(ctx, domainId, projectId, member, assignment.Str("designation")!);
        }

        if (profile is not null)
        {
            var onCreate = configurations.Where(c => (c.Str("deploymentMode") ?? "ON_CREATE") == "ON_CREATE").ToList();
            var orders = onCreate.Select(c => (int?)c["deploymentOrder"] ?? 0).Distinct().Order().ToList();
            foreach (var configuration in onCreate)
            {
                // Environments deploy in deploymentOrder waves, like the service's ordered provisioning.
                var wave = orders.IndexOf((int?)configuration["deploymentOrder"] ?? 0) + 1;
                EnvironmentOperations.StartEnvironment(ctx, project, configuration, configuration.Str("name")!, ctx.Options.Timings.EnvironmentDeployment * wave);
            }

            project["environmentDeploymentDetails"] = new JsonObject
            {
                ["overallDeploymentStatus"] = onCreate.Count == 0 ? "SUCCESSFUL" : "IN_PROGRESS",
            };
        }

        ctx.RememberCreate(domainId, projectId);
        return project;
    }

    public static JsonObject CreateMembership(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var projectId = ctx.RequiredStr("projectIdentifier");
        ctx.Find(ctx.State.Projects, domainId, projectId, "Project");
        var member = ResolveMember(ctx, domainId, ctx.Input.Obj("member")!);
        var key = MemberKey(member);
        if (ctx.State.Memberships.Any(m => m.Str("domainId") == domainId && m.Str("projectId") == projectId && MemberKey(m.Obj("member")!) == key))
        {
            throw DataZoneServiceException.Conflict($"The {(member.ContainsKey("userIdentifier") ? "user" : "group")} is already a member of project {projectId}.");
        }

        AddMembership(ctx, domainId, projectId, member, ctx.RequiredStr("designation"));
        return new JsonObject();
    }

    public static JsonObject ListMemberships(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var projectId = ctx.RequiredStr("projectIdentifier");
        ctx.Find(ctx.State.Projects, domainId, projectId, "Project");
        var items = ctx.State.Memberships.Where(m => m.Str("domainId") == domainId && m.Str("projectId") == projectId)
            .Sorted(ctx.Str("sortBy") is null ? null : "NAME", ctx.Str("sortOrder"), "memberKey")
            .Select(m =>
            {
                var member = m.Obj("member")!;
                var details = member.Str("userIdentifier") is { } user
                    ? new JsonObject { ["user"] = new JsonObject { ["userId"] = user } }
                    : new JsonObject { ["group"] = new JsonObject { ["groupId"] = member.Str("groupIdentifier") } };
                return new JsonObject { ["memberDetails"] = details, ["designation"] = m.Str("designation") };
            });
        return ctx.Page(items, "members");
    }

    /// <summary>A user member is named by profile id, SSO user name or IAM ARN; it is stored by profile id.</summary>
    private static JsonObject ResolveMember(OperationContext ctx, string domainId, JsonObject member)
    {
        if (member.Str("userIdentifier") is { } user)
        {
            var profile = UserOperations.Resolve(ctx.State, domainId, user)
                ?? throw DataZoneServiceException.NotFound($"User {user} not found in domain {domainId}.");
            return new JsonObject { ["userIdentifier"] = profile.Str("id") };
        }

        return new JsonObject { ["groupIdentifier"] = member.Str("groupIdentifier") };
    }

    private static void AddMembership(OperationContext ctx, string domainId, string projectId, JsonObject member, string designation) =>
        ctx.State.Memberships.Add(new JsonObject
        {
            ["domainId"] = domainId,
            ["projectId"] = projectId,
            ["member"] = member,
            ["memberKey"] = MemberKey(member),
            ["designation"] = designation,
            ["createdAt"] = ctx.NowIso,
        });

    private static string MemberKey(JsonObject member) =>
        member.Str("userIdentifier") is { } user ? "user:" + user : "group:" + member.Str("groupIdentifier");

    private static bool IsMember(OperationContext ctx, JsonObject project, string identifier, string kind)
    {
        var resolved = kind == "userIdentifier"
            ? UserOperations.Resolve(ctx.State, project.Str("domainId")!, identifier)?.Str("id") ?? identifier
            : identifier;
        return ctx.State.Memberships.Any(m => m.Str("projectId") == project.Str("id") && m.Obj("member")!.Str(kind) == resolved);
    }

    private static JsonObject WithSummaryTimes(JsonObject project)
    {
        // ProjectSummary calls the update time updatedAt where GetProject says lastUpdatedAt.
        var summary = (JsonObject)project.DeepClone();
        summary["updatedAt"] = project["lastUpdatedAt"]?.DeepClone();
        return summary;
    }
}
