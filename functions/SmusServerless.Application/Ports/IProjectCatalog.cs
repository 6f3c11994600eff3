namespace SmusServerless.Application.Ports;

/// <summary>
/// The catalog of domains and projects the pipeline deploys into (DataZone on AWS, the simulator offline). Lists read
/// every page; a <c>Find…</c> returns every live resource of exactly that name, and the caller decides what two mean.
/// Every call names the region, because one pipeline's targets may live in several.
/// </summary>
public interface IProjectCatalog
{
    Task<IReadOnlyList<CatalogDomain>> FindDomainsAsync(string region, string name, CancellationToken cancellationToken);

    /// <summary>Every live domain of the region with its tags, for a stage that selects its domain by tags or by region alone.</summary>
    Task<IReadOnlyList<TaggedDomain>> ListDomainsWithTagsAsync(string region, CancellationToken cancellationToken);

    Task<CatalogDomainStatus> GetDomainStatusAsync(string region, string domainId, CancellationToken cancellationToken);

    /// <summary>Starts creating a domain; the client token makes a repeat return the domain the first call created.</summary>
    Task CreateDomainAsync(string region, DomainCreation domain, CancellationToken cancellationToken);

    Task<IReadOnlyList<CatalogProject>> FindProjectsAsync(string region, string domainId, string name, CancellationToken cancellationToken);

    Task<ProjectDetails> GetProjectAsync(string region, string domainId, string projectId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ProjectProfileRef>> FindProjectProfilesAsync(string region, string domainId, string name, CancellationToken cancellationToken);

    Task<ProjectProfile> GetProjectProfileAsync(string region, string domainId, string profileId, CancellationToken cancellationToken);

    Task<CreateOutcome> CreateProjectAsync(string region, ProjectCreation project, CancellationToken cancellationToken);

    /// <summary>The user and group ids of the project's members.</summary>
    Task<IReadOnlySet<string>> ListMemberIdsAsync(string region, string domainId, string projectId, CancellationToken cancellationToken);

    /// <summary>
    /// The member a manifest names: for an IAM role ARN its group profile (an IAM role session group), else the IAM
    /// principal's user profile; for any other name the IAM Identity Center user of that name. Null when none matches.
    /// </summary>
    Task<CatalogMember?> FindMemberAsync(string region, string domainId, string name, CancellationToken cancellationToken);

    Task<CreateOutcome> AddMemberAsync(string region, string domainId, string projectId, CatalogMember member, MemberDesignation role, CancellationToken cancellationToken);

    Task<IReadOnlyList<ProjectEnvironment>> ListEnvironmentsAsync(string region, string domainId, string projectId, CancellationToken cancellationToken);

    Task<CreateOutcome> CreateEnvironmentAsync(string region, EnvironmentCreation environment, CancellationToken cancellationToken);

    Task<IReadOnlyList<ProjectConnection>> ListConnectionsAsync(string region, string domainId, string projectId, CancellationToken cancellationToken);

    /// <summary>
    /// What a workflow file's placeholders name about a project beyond its id and connections: its domain's name and
    /// KMS key (GetDomain), and its user role (the tooling environment's <c>userRoleArn</c>, as smus-cli finds it).
    /// </summary>
    Task<ProjectContext> GetProjectContextAsync(string region, string domainId, string projectId, CancellationToken cancellationToken);
}

/// <summary>A project's context: its domain's name and KMS key (null: an AWS-owned key), its user role (null: none found).</summary>
public sealed record ProjectContext(string DomainName, string? KmsKeyArn, string? UserRoleArn);

/// <summary>A create either made the resource or found it made already (a retry, or a concurrent run): both are fine.</summary>
public enum CreateOutcome { Created, AlreadyExists }

public sealed record CatalogDomain(string Id, string Name);

/// <summary>A domain and its tags (DataZone's ListDomains has no tags: they are read per domain).</summary>
public sealed record TaggedDomain(string Id, string Name, IReadOnlyDictionary<string, string> Tags);

public enum DomainState { Available, Creating, Unusable }

/// <summary>A domain's state, and its status as the catalog names it (for messages).</summary>
public sealed record CatalogDomainStatus(DomainState State, string? StatusName);

public sealed record DomainCreation(string Name, string ExecutionRoleArn, string Description, string ClientToken);

public sealed record CatalogProject(string Id, string Name);

/// <summary>Whether a project can take deployments: ready, still changing, or failed and needing a person.</summary>
public enum ProjectState { Active, Changing, Failed }

/// <summary>How far the project's environments are deployed.</summary>
public enum EnvironmentDeploymentState { None, InProgress, Succeeded, Failed }

/// <summary>
/// A project as the pipeline needs it. The states decide; the status names (as the catalog spells them) are kept for
/// the messages a person reads.
/// </summary>
public sealed record ProjectDetails(
    string Id,
    string Name,
    ProjectState State,
    string? StatusName,
    EnvironmentDeploymentState Deployment,
    string? DeploymentStatusName,
    IReadOnlyList<string> FailureReasons,
    string? ProfileId);

public sealed record ProjectProfileRef(string Id, string Name);

public sealed record ProjectProfile(string Name, IReadOnlyList<EnvironmentConfiguration> EnvironmentConfigurations);

public sealed record EnvironmentConfiguration(string Id, string Name);

/// <summary>One group of user parameters of a project's environment configuration.</summary>
public sealed record EnvironmentParameters(string EnvironmentConfigurationName, IReadOnlyList<KeyValuePair<string, string>> Parameters);

/// <summary>A project to create; <see cref="ExecutionRoleArn"/> is the project's IAM role when the stack allows the manifest to name one.</summary>
public sealed record ProjectCreation(string DomainId, string Name, string Description, string ProfileId, IReadOnlyList<EnvironmentParameters> UserParameters)
{
    public string? ExecutionRoleArn { get; init; }
}

public enum MemberDesignation { Owner, Contributor }

/// <summary>A user profile, or a group profile (how DataZone makes an IAM role a project member).</summary>
public enum MemberKind { User, Group }

public sealed record CatalogMember(string Id, MemberKind Kind);

public enum EnvironmentState { Active, Changing, Failed }

public sealed record ProjectEnvironment(string Id, string Name, string? ConfigurationName, EnvironmentState State, string? StatusName);

public sealed record EnvironmentCreation(string DomainId, string ProjectId, string Name, string ConfigurationId, string Description);

/// <summary>A project's connection; <see cref="S3Uri"/> is set for S3 connections only.</summary>
public sealed record ProjectConnection(string Name, string? Type, string? S3Uri)
{
    /// <summary>
    /// The connection's scalar properties as the DataZone model names them (<c>s3Uri</c>, <c>workgroupName</c>,
    /// <c>trackingServerArn</c>, <c>glueVersion</c>, <c>workerType</c>, <c>numberOfWorkers</c>), for workflow placeholders.
    /// </summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}
