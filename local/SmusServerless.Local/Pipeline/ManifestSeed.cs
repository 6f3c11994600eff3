using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;
using SmusServerless.Local.DataZone;

namespace SmusServerless.Local.Pipeline;

/// <summary>
/// What a user's pipeline.yaml presumes already exists, as a DataZone seed, so their pipeline runs offline as it is:
/// its domains, the projects of targets that may not be created (with the connections they deploy to), the project
/// profiles and environment configurations it names, its owners and contributors, and the catalog listings it
/// subscribes to (published by a local producer project whose owner accepts requests).
/// </summary>
public static class ManifestSeed
{
    /// <summary>The bucket every offline project connection lives in.</summary>
    public const string ProjectsBucket = "smus-local-projects";
    public const string ProducerProject = "catalog-producer";
    public const string ToolingConfiguration = "Tooling";

    public static DataZoneSeed From(PipelineManifest manifest)
    {
        var domains = new List<SeedDomain>();
        foreach (var group in manifest.Targets.GroupBy(DomainName, StringComparer.Ordinal))
        {
            var targets = group.ToList();
            var members = targets.SelectMany(t => t.Owners.Concat(t.Contributors)).Distinct(StringComparer.Ordinal).ToList();
            // An IAM role joins a project through its role group profile, as in SageMaker Unified Studio.
            var groups = members.Where(IsRoleArn).Select(r => new SeedGroup(r)).ToList();
            var users = members.Where(m => !IsRoleArn(m))
                .Select(u => u.StartsWith("arn:", StringComparison.Ordinal) ? new SeedUser(IamArn: u) : new SeedUser(SsoUsername: u))
                .ToList();
            // A stage that selects its domain by tags finds the offline domain by the same tags.
            var tags = targets.Select(t => t.Domain.Tags).FirstOrDefault(t => t is { Count: > 0 });

            var profiles = targets.GroupBy(t => t.ProfileName, StringComparer.Ordinal).Select(p =>
            {
                var configurations = new List<SeedEnvironmentConfiguration> { new(ToolingConfiguration, "Tooling", "ON_CREATE", 0) };
                foreach (var name in p.SelectMany(t => t.Environments.Select(e => e.EnvironmentConfigurationName)
                             .Concat(t.UserParameters.Select(u => u.EnvironmentConfigurationName)))
                             .Distinct(StringComparer.Ordinal)
                             .Where(n => n != ToolingConfiguration))
                    configurations.Add(new SeedEnvironmentConfiguration(name, BlueprintFor(name), "ON_DEMAND", 1));
                return new SeedProjectProfile(p.Key, configurations);
            }).ToList();

            var projects = targets.Where(t => !t.Create)
                .GroupBy(t => t.Project.Name, StringComparer.Ordinal)
                .Select(p => new SeedProject(p.Key, Profile: p.First().ProfileName,
                    Connections: [.. p.SelectMany(t => ConnectionNames(manifest, t)).Distinct(StringComparer.Ordinal)
                        .Select(c => new SeedConnection(c, $"s3://{ProjectsBucket}/{Slug(group.Key)}/{Slug(p.Key)}/{Slug(c)}/"))]))
                .ToList();

            var listings = manifest.Bundle.CatalogAssets.Select(asset => asset.Selector switch
            {
                SearchAssetSelector search => Listing(search.Identifier, null),
                AssetIdSelector byId => Listing(byId.AssetId, byId.AssetId),
                _ => throw new InvalidOperationException("unknown asset selector"),
            }).ToList();
            if (listings.Count > 0)
                projects.Add(new SeedProject(ProducerProject, Profile: profiles[0].Name));

            domains.Add(new SeedDomain(group.Key, Users: users, ProjectProfiles: profiles, Projects: projects, Listings: listings, Tags: tags, Groups: groups));
        }
        return new DataZoneSeed(domains);
    }

    /// <summary>The offline domain of a target: its name, or for a selection by tags (or region alone) a name made from them.</summary>
    private static string DomainName(TargetDefinition target) =>
        target.Domain.Name.Length > 0 ? target.Domain.Name
        : target.Domain.Tags is { Count: > 0 } tags ? "local-" + Slug(string.Join("-", tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Value)))
        : "local-domain";

    private static bool IsRoleArn(string member) => member.StartsWith("arn:", StringComparison.Ordinal) && member.Contains(":role/", StringComparison.Ordinal);

    /// <summary>Every connection the target deploys to (either format: <see cref="DeploymentLayout.Mappings"/>).</summary>
    private static IEnumerable<string> ConnectionNames(PipelineManifest manifest, TargetDefinition target) =>
        DeploymentLayout.Mappings(manifest, target).Select(m => m.ConnectionName);

    private static SeedListing Listing(string identifier, string? assetId)
    {
        var dot = identifier.LastIndexOf('.');
        var (database, table) = assetId is null && dot > 0 ? (identifier[..dot], identifier[(dot + 1)..]) : ("local_catalog", identifier);
        return new SeedListing(database, table, ProducerProject, AssetId: assetId);
    }

    private static string BlueprintFor(string configurationName) =>
        configurationName.Contains("Lakehouse", StringComparison.OrdinalIgnoreCase) ? "LakehouseCatalog"
        : configurationName.Contains("Workflow", StringComparison.OrdinalIgnoreCase) ? "Workflows"
        : configurationName.Contains("Redshift", StringComparison.OrdinalIgnoreCase) ? "RedshiftServerless"
        : "DataLake";

    private static string Slug(string value) =>
        new(value.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-').ToArray());
}
