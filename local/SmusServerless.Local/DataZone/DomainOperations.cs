using System.Text.Json.Nodes;
using SmusServerless.Local.DataZone.State;

namespace SmusServerless.Local.DataZone;

/// <summary>Domains, and the environment blueprints every new domain is given.</summary>
internal static class DomainOperations
{
    /// <summary>The managed blueprints a SageMaker Unified Studio domain offers.</summary>
    private static readonly (string Name, string Description)[] ManagedBlueprints =
    [
        ("Tooling", "Tooling environment: the project's IAM role, S3 location and workspaces."),
        ("DataLake", "Data lake: Glue database and Athena workgroup for the project."),
        ("RedshiftServerless", "Redshift Serverless workgroup for the project."),
        ("LakehouseCatalog", "Lakehouse catalog for the project."),
        ("Workflows", "Managed workflows for the project."),
    ];

    public static JsonObject List(OperationContext ctx)
    {
        var items = ctx.State.Domains
            .Where(d => d.Str("status") != "DELETED")
            .WhereEq("status", ctx.Str("status"))
            .Sorted(null, null);
        return ctx.Page(items);
    }

    public static JsonObject Get(OperationContext ctx) => ctx.Domain();

    /// <summary>ListTagsForResource: the tags of a domain, by its ARN (the only tagged resource simulated here).</summary>
    public static JsonObject ListTags(OperationContext ctx)
    {
        var arn = ctx.RequiredStr("resourceArn");
        var domain = ctx.State.Domains.FirstOrDefault(d => d.Str("arn") == arn && d.Str("status") != "DELETED")
                     ?? throw DataZoneServiceException.NotFound($"Resource {arn} not found.");
        return new JsonObject { ["tags"] = domain["tags"]?.DeepClone() ?? new JsonObject() };
    }

    public static JsonObject Create(OperationContext ctx)
    {
        if (ctx.PriorCreate("-") is { } prior && ctx.FindDomain(prior) is { } existing)
        {
            return existing;
        }

        var name = ctx.RequiredStr("name");
        if (ctx.State.Domains.Any(d => d.Str("name") == name && d.Str("status") != "DELETED"))
        {
            throw DataZoneServiceException.Conflict($"A domain named '{name}' already exists.");
        }

        var version = ctx.Str("domainVersion") ?? "V1";
        if (ctx.Str("domainExecutionRole") is null)
        {
            throw DataZoneServiceException.Validation("domainExecutionRole is required to create a domain.");
        }

        if (version == "V2" && ctx.Str("serviceRole") is null)
        {
            throw DataZoneServiceException.Validation("serviceRole is required to create a V2 domain.");
        }

        var id = "dzd_" + OperationContext.NewId();
        var domain = NewDomain(ctx.Options, id, name, version, "CREATING", ctx.NowIso);
        foreach (var member in new[] { "description", "singleSignOn", "domainExecutionRole", "kmsKeyIdentifier", "tags", "serviceRole" })
        {
            if (ctx.Input[member] is { } value)
            {
                domain[member] = value.DeepClone();
            }
        }

        ctx.State.Domains.Add(domain);
        AddManagedBlueprints(ctx.State, ctx.Options, id, ctx.NowIso);
        ctx.State.UserProfiles.Add(UserOperations.NewIamProfile(id, ctx.Options.CallerUserId, $"arn:aws:iam::{ctx.Options.AccountId}:role/smus-serverless-local"));
        ctx.Schedule(ctx.Options.Timings.DomainCreation, TransitionKind.DomainAvailable, id, id);
        ctx.RememberCreate("-", id);
        return domain;
    }

    public static JsonObject NewDomain(DataZoneSimulatorOptions options, string id, string name, string version, string status, string nowIso) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["arn"] = $"arn:aws:datazone:{options.Region}:{options.AccountId}:domain/{id}",
        ["managedAccountId"] = options.AccountId,
        ["status"] = status,
        ["domainVersion"] = version,
        ["rootDomainUnitId"] = OperationContext.NewId(),
        ["portalUrl"] = version == "V2"
            ? $"https://{id}.sagemaker.{options.Region}.on.aws"
            : $"https://{id}.datazone.{options.Region}.on.aws",
        ["domainExecutionRole"] = $"arn:aws:iam::{options.AccountId}:role/service-role/AmazonSageMakerDomainExecution",
        ["createdAt"] = nowIso,
        ["lastUpdatedAt"] = nowIso,
    };

    public static void AddManagedBlueprints(DataZoneStateDocument state, DataZoneSimulatorOptions options, string domainId, string nowIso)
    {
        foreach (var (name, description) in ManagedBlueprints)
        {
            var blueprintId = OperationContext.NewId();
            state.EnvironmentBlueprints.Add(new JsonObject
            {
                ["domainId"] = domainId,
                ["id"] = blueprintId,
                ["name"] = name,
                ["description"] = description,
                ["provider"] = "Amazon SageMaker",
                ["provisioningProperties"] = new JsonObject
                {
                    ["cloudFormation"] = new JsonObject { ["templateUrl"] = $"https://local.invalid/blueprints/{name}.template.json" },
                },
                ["_sim"] = new JsonObject { ["managed"] = true },
                ["createdAt"] = nowIso,
                ["updatedAt"] = nowIso,
            });
            state.BlueprintConfigurations.Add(new JsonObject
            {
                ["domainId"] = domainId,
                ["environmentBlueprintId"] = blueprintId,
                ["enabledRegions"] = new JsonArray(options.Region),
                ["provisioningRoleArn"] = $"arn:aws:iam::{options.AccountId}:role/service-role/AmazonSageMakerProvisioning-{options.AccountId}",
                ["manageAccessRoleArn"] = $"arn:aws:iam::{options.AccountId}:role/service-role/AmazonSageMakerManageAccess-{options.Region}-{domainId}",
                ["createdAt"] = nowIso,
                ["updatedAt"] = nowIso,
            });
        }
    }
}
