using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmusServerless.Local.DataZone;

/// <summary>
/// What the simulator starts with (see DataZone/README.md for the format). Seeded resources exist already finished:
/// domains AVAILABLE, projects with their ON_CREATE environments ACTIVE and their <c>default.s3_shared</c> connection.
/// </summary>
public sealed record DataZoneSeed(IReadOnlyList<SeedDomain> Domains)
{
    public static DataZoneSeed Load(string path)
    {
        var seed = JsonSerializer.Deserialize(File.ReadAllBytes(path), DataZoneSeedJsonContext.Default.DataZoneSeed)
                   ?? throw new InvalidDataException($"{path}: the seed file is empty.");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return seed with
        {
            Domains = seed.Domains.Select((domain, i) => domain.ListingsFile is null ? domain : domain with
            {
                Listings = [.. domain.Listings ?? [], .. LoadListings(Path.Combine(directory, domain.ListingsFile), $"domains[{i}].listingsFile")],
            }).ToArray(),
        };
    }

    public static DataZoneSeed Parse(string json) =>
        JsonSerializer.Deserialize(json, DataZoneSeedJsonContext.Default.DataZoneSeed) ?? throw new InvalidDataException("The seed is empty.");

    private static IReadOnlyList<SeedListing> LoadListings(string path, string where)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{where}: listings fixture not found: {path}", path);
        }

        return JsonSerializer.Deserialize(File.ReadAllBytes(path), DataZoneSeedJsonContext.Default.SeedListingFile)?.Listings
               ?? throw new InvalidDataException($"{path}: no 'listings' array.");
    }
}

public sealed record SeedDomain(
    string Name,
    string? Id = null,
    string? Version = null,
    string? Description = null,
    IReadOnlyList<SeedUser>? Users = null,
    IReadOnlyList<SeedProjectProfile>? ProjectProfiles = null,
    IReadOnlyList<SeedProject>? Projects = null,
    IReadOnlyList<SeedListing>? Listings = null,
    string? ListingsFile = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    IReadOnlyList<SeedGroup>? Groups = null);

/// <summary>A group profile of an IAM role (an IAM role session group), so the role can be made a project member.</summary>
public sealed record SeedGroup(string RoleArn, string? Id = null);

/// <summary>A user profile: an IAM principal (<see cref="IamArn"/>) or an Identity Center user (<see cref="SsoUsername"/>).</summary>
public sealed record SeedUser(string? Id = null, string? IamArn = null, string? SsoUsername = null, string? FirstName = null, string? LastName = null);

public sealed record SeedProjectProfile(string Name, IReadOnlyList<SeedEnvironmentConfiguration> EnvironmentConfigurations, string? Id = null, string? Status = null, string? Description = null);

/// <summary>An environment configuration; <see cref="Blueprint"/> names a managed blueprint (Tooling, DataLake, ...).</summary>
public sealed record SeedEnvironmentConfiguration(string Name, string Blueprint, string? DeploymentMode = null, int? DeploymentOrder = null, string? Description = null);

public sealed record SeedProject(
    string Name,
    string? Id = null,
    string? Profile = null,
    string? Description = null,
    IReadOnlyList<SeedMember>? Members = null,
    IReadOnlyList<SeedConnection>? Connections = null);

/// <summary>A member: <see cref="User"/> is a profile id, IAM ARN or SSO user name; <see cref="Group"/> a group id.</summary>
public sealed record SeedMember(string Designation, string? User = null, string? Group = null);

/// <summary>An S3 connection of a seeded project (<c>default.s3_shared</c> is always created; naming it here sets its URI).</summary>
public sealed record SeedConnection(string Name, string S3Uri, string? Environment = null);

/// <summary>A Glue table published as an asset listing, owned by <see cref="OwningProject"/> (a seeded project's name).</summary>
public sealed record SeedListing(
    string DatabaseName,
    string TableName,
    string OwningProject,
    string? Name = null,
    string? Id = null,
    string? AssetId = null,
    string? Description = null,
    IReadOnlyList<SeedColumn>? Columns = null,
    SeedOwnerPolicy? OwnerPolicy = null,
    SeedGrantPolicy? GrantPolicy = null);

public sealed record SeedColumn(string Name, string Type);

/// <summary>Mode: AutoAccept, AutoReject or Manual.</summary>
public sealed record SeedOwnerPolicy(string Mode, double? DecisionDelaySeconds = null, string? RejectReason = null);

/// <summary>Outcome: Complete or Fail.</summary>
public sealed record SeedGrantPolicy(string Outcome, string? FailureMessage = null);

public sealed record SeedListingFile(IReadOnlyList<SeedListing> Listings);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(DataZoneSeed))]
[JsonSerializable(typeof(SeedListingFile))]
internal sealed partial class DataZoneSeedJsonContext : JsonSerializerContext;
