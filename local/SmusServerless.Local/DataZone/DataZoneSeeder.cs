using System.Text.Json.Nodes;
using SmusServerless.Local.DataZone.State;
using SmusServerless.Local.Endpoints.Protocol;

namespace SmusServerless.Local.DataZone;

/// <summary>Writes a <see cref="DataZoneSeed"/> into the state. Domains already present (by name) are left alone, so seeding twice changes nothing.</summary>
internal static class DataZoneSeeder
{
    public static void Apply(DataZoneStateDocument state, DataZoneSimulatorOptions options, DataZoneSeed seed, DateTimeOffset now)
    {
        var nowIso = ShapeProjector.Iso(now);
        foreach (var seedDomain in seed.Domains)
        {
            if (state.Domains.Any(d => d.Str("name") == seedDomain.Name))
            {
                continue;
            }

            var domainId = seedDomain.Id ?? "dzd_" + OperationContext.NewId();
            Require(ModelPattern.IsMatch(@"dzd[-_][a-zA-Z0-9_-]{1,36}", domainId), $"domain '{seedDomain.Name}': id '{domainId}' is not a DataZone domain id (dzd_...).");
            var domain = DomainOperations.NewDomain(options, domainId, seedDomain.Name, seedDomain.Version ?? "V2", "AVAILABLE", nowIso);
            if (seedDomain.Description is not null)
            {
                domain["description"] = seedDomain.Description;
            }

            if (seedDomain.Tags is { Count: > 0 } tags)
            {
                domain["tags"] = new JsonObject(tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value)));
            }

            state.Domains.Add(domain);
            DomainOperations.AddManagedBlueprints(state, options, domainId, nowIso);
            state.UserProfiles.Add(UserOperations.NewIamProfile(domainId, options.CallerUserId, $"arn:aws:iam::{options.AccountId}:role/smus-serverless-local"));
            foreach (var user in seedDomain.Users ?? [])
            {
                var id = user.Id ?? $"{Hex(10)}-{Guid.NewGuid():D}";
                state.UserProfiles.Add(user.IamArn is not null
                    ? UserOperations.NewIamProfile(domainId, id, user.IamArn)
                    : UserOperations.NewSsoProfile(domainId, id,
                        user.SsoUsername ?? throw new InvalidDataException($"domain '{seedDomain.Name}': a user needs iamArn or ssoUsername."),
                        user.FirstName, user.LastName));
            }

            foreach (var group in seedDomain.Groups ?? [])
            {
                state.GroupProfiles.Add(UserOperations.NewRoleGroupProfile(domainId, group.Id ?? $"{Hex(10)}-{Guid.NewGuid():D}", group.RoleArn));
            }

            foreach (var profile in seedDomain.ProjectProfiles ?? [])
            {
                var configurations = new JsonArray(profile.EnvironmentConfigurations.Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c.Name,
                    ["id"] = OperationContext.NewId(),
                    ["environmentBlueprintId"] = Blueprint(state, domainId, c.Blueprint, seedDomain.Name),
                    ["description"] = c.Description,
                    ["deploymentMode"] = c.DeploymentMode ?? "ON_CREATE",
                    ["deploymentOrder"] = c.DeploymentOrder,
                    ["awsAccount"] = new JsonObject { ["awsAccountId"] = options.AccountId },
                    ["awsRegion"] = new JsonObject { ["regionName"] = options.Region },
                }).ToArray());
                var created = ProjectOperations.NewProfile(domainId, profile.Id ?? OperationContext.NewId(), profile.Name, profile.Status ?? "ENABLED",
                    configurations, domain.Str("rootDomainUnitId")!, options.CallerUserId, nowIso);
                if (profile.Description is not null)
                {
                    created["description"] = profile.Description;
                }

                state.ProjectProfiles.Add(created);
            }

            foreach (var project in seedDomain.Projects ?? [])
            {
                SeedProject(state, options, domain, project, nowIso);
            }

            foreach (var listing in seedDomain.Listings ?? [])
            {
                SeedListing(state, domainId, listing, seedDomain.Name, nowIso, options.CallerUserId);
            }
        }
    }

    private static void SeedProject(DataZoneStateDocument state, DataZoneSimulatorOptions options, JsonObject domain, SeedProject seed, string nowIso)
    {
        var domainId = domain.Str("id")!;
        var projectId = seed.Id ?? OperationContext.NewId();
        JsonObject? profile = null;
        if (seed.Profile is not null)
        {
            profile = state.ProjectProfiles.FirstOrDefault(p => p.Str("domainId") == domainId && p.Str("name") == seed.Profile)
                      ?? throw new InvalidDataException($"project '{seed.Name}': project profile '{seed.Profile}' is not in the seed.");
        }

        var project = new JsonObject
        {
            ["domainId"] = domainId,
            ["id"] = projectId,
            ["name"] = seed.Name,
            ["description"] = seed.Description,
            ["projectStatus"] = "ACTIVE",
            ["createdBy"] = options.CallerUserId,
            ["createdAt"] = nowIso,
            ["lastUpdatedAt"] = nowIso,
            ["domainUnitId"] = domain.Str("rootDomainUnitId"),
            ["projectProfileId"] = profile?.Str("id"),
            ["_sim"] = new JsonObject { ["subscriptionTargetId"] = OperationContext.NewId() },
        };
        if (profile is not null)
        {
            project["environmentDeploymentDetails"] = new JsonObject { ["overallDeploymentStatus"] = "SUCCESSFUL" };
        }

        state.Projects.Add(project);
        AddMember(state, domainId, projectId, "user:" + options.CallerUserId, new JsonObject { ["userIdentifier"] = options.CallerUserId }, "PROJECT_OWNER", nowIso);
        foreach (var member in seed.Members ?? [])
        {
            JsonObject memberNode;
            if (member.User is not null)
            {
                var user = UserOperations.Resolve(state, domainId, member.User)
                           ?? throw new InvalidDataException($"project '{seed.Name}': member '{member.User}' is not a seeded user.");
                memberNode = new JsonObject { ["userIdentifier"] = user.Str("id") };
            }
            else
            {
                memberNode = new JsonObject { ["groupIdentifier"] = member.Group ?? throw new InvalidDataException($"project '{seed.Name}': a member needs user or group.") };
            }

            AddMember(state, domainId, projectId, (member.User is not null ? "user:" + memberNode.Str("userIdentifier") : "group:" + member.Group), memberNode, member.Designation, nowIso);
        }

        var environments = new List<JsonObject>();
        foreach (var configuration in profile?.Arr("environmentConfigurations").Objects().Where(c => c.Str("deploymentMode") == "ON_CREATE") ?? [])
        {
            var environmentId = OperationContext.NewId();
            var environment = new JsonObject
            {
                ["projectId"] = projectId,
                ["id"] = environmentId,
                ["domainId"] = domainId,
                ["createdBy"] = options.CallerUserId,
                ["createdAt"] = nowIso,
                ["updatedAt"] = nowIso,
                ["name"] = configuration.Str("name"),
                ["awsAccountId"] = options.AccountId,
                ["awsAccountRegion"] = options.Region,
                ["provider"] = "Amazon SageMaker",
                ["status"] = "ACTIVE",
                ["environmentBlueprintId"] = configuration.Str("environmentBlueprintId"),
                ["environmentConfigurationId"] = configuration.Str("id"),
                ["environmentConfigurationName"] = configuration.Str("name"),
                ["provisionedResources"] = new JsonArray(new JsonObject
                {
                    ["name"] = "userRoleArn", ["type"] = "IAMRole", ["provider"] = "IAM",
                    ["value"] = $"arn:aws:iam::{options.AccountId}:role/datazone_usr_role_{projectId}_{environmentId}",
                }),
                ["lastDeployment"] = new JsonObject
                {
                    ["deploymentId"] = OperationContext.NewId(), ["deploymentType"] = "CREATE", ["deploymentStatus"] = "SUCCESSFUL", ["isDeploymentComplete"] = true,
                },
            };
            state.Environments.Add(environment);
            environments.Add(environment);
        }

        var connections = (seed.Connections ?? []).ToList();
        if (connections.All(c => c.Name != "default.s3_shared"))
        {
            connections.Insert(0, new SeedConnection("default.s3_shared", DataZoneTransitions.ProjectS3Uri(options, domainId, projectId)));
        }

        foreach (var connection in connections)
        {
            var environment = connection.Environment is null
                ? environments.FirstOrDefault()
                : environments.FirstOrDefault(e => e.Str("name") == connection.Environment)
                  ?? throw new InvalidDataException($"project '{seed.Name}': connection '{connection.Name}' names environment '{connection.Environment}', which the project does not have.");
            var created = ConnectionOperations.NewConnection(domainId, domain.Str("rootDomainUnitId")!, OperationContext.NewId(), connection.Name, "S3",
                environment, ConnectionOperations.S3Props(connection.S3Uri),
                new JsonObject { ["awsAccountId"] = options.AccountId, ["awsRegion"] = options.Region }, "PROJECT", nowIso);
            created["projectId"] = projectId;
            state.Connections.Add(created);
        }
    }

    private static void SeedListing(DataZoneStateDocument state, string domainId, SeedListing seed, string domainName, string nowIso, string createdBy)
    {
        var owner = state.Projects.FirstOrDefault(p => p.Str("domainId") == domainId && p.Str("name") == seed.OwningProject)
                    ?? throw new InvalidDataException($"listing '{seed.DatabaseName}.{seed.TableName}' in domain '{domainName}': owning project '{seed.OwningProject}' is not in the seed.");
        var forms = new JsonObject
        {
            ["GlueTableForm"] = new JsonObject
            {
                ["catalogId"] = state.Domains.First(d => d.Str("id") == domainId).Str("managedAccountId"),
                ["databaseName"] = seed.DatabaseName,
                ["tableName"] = seed.TableName,
                ["columns"] = new JsonArray((seed.Columns ?? []).Select(c => (JsonNode)new JsonObject { ["columnName"] = c.Name, ["dataType"] = c.Type }).ToArray()),
            },
        };
        var sim = new JsonObject();
        if (seed.OwnerPolicy is { } ownerPolicy)
        {
            Require(Enum.TryParse<OwnerDecisionMode>(ownerPolicy.Mode, true, out _), $"listing '{seed.TableName}': ownerPolicy.mode must be AutoAccept, AutoReject or Manual.");
            sim["ownerPolicy"] = new JsonObject
            {
                ["mode"] = ownerPolicy.Mode, ["decisionDelaySeconds"] = ownerPolicy.DecisionDelaySeconds, ["rejectReason"] = ownerPolicy.RejectReason,
            };
        }

        if (seed.GrantPolicy is { } grantPolicy)
        {
            Require(Enum.TryParse<GrantOutcome>(grantPolicy.Outcome, true, out _), $"listing '{seed.TableName}': grantPolicy.outcome must be Complete or Fail.");
            sim["grantPolicy"] = new JsonObject { ["outcome"] = grantPolicy.Outcome, ["failureMessage"] = grantPolicy.FailureMessage };
        }

        state.Listings.Add(new JsonObject
        {
            ["domainId"] = domainId,
            ["id"] = seed.Id ?? OperationContext.NewId(),
            ["listingRevision"] = "1",
            ["name"] = seed.Name ?? seed.TableName,
            ["description"] = seed.Description ?? $"Glue table {seed.DatabaseName}.{seed.TableName}",
            ["status"] = "ACTIVE",
            ["createdAt"] = nowIso,
            ["updatedAt"] = nowIso,
            ["createdBy"] = createdBy,
            ["updatedBy"] = createdBy,
            ["item"] = new JsonObject
            {
                ["assetListing"] = new JsonObject
                {
                    ["assetId"] = seed.AssetId ?? OperationContext.NewId(),
                    ["assetRevision"] = "1",
                    ["assetType"] = "amazon.datazone.GlueTableAssetType",
                    ["createdAt"] = nowIso,
                    ["forms"] = forms.ToJsonString(),
                    ["owningProjectId"] = owner.Str("id"),
                },
            },
            ["_sim"] = sim,
        });
    }

    private static void AddMember(DataZoneStateDocument state, string domainId, string projectId, string key, JsonObject member, string designation, string nowIso)
    {
        if (state.Memberships.Any(m => m.Str("projectId") == projectId && m.Str("memberKey") == key))
        {
            return;
        }

        state.Memberships.Add(new JsonObject
        {
            ["domainId"] = domainId, ["projectId"] = projectId, ["member"] = member, ["memberKey"] = key, ["designation"] = designation, ["createdAt"] = nowIso,
        });
    }

    private static string Blueprint(DataZoneStateDocument state, string domainId, string name, string domainName) =>
        state.EnvironmentBlueprints.FirstOrDefault(b => b.Str("domainId") == domainId && b.Str("name") == name)?.Str("id")
        ?? throw new InvalidDataException($"domain '{domainName}': blueprint '{name}' is not a managed blueprint (Tooling, DataLake, RedshiftServerless, LakehouseCatalog, Workflows).");

    private static string Hex(int length) => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(length / 2)).ToLowerInvariant();

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidDataException(message);
        }
    }

}
