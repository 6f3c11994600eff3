using SmusServerless.Application.Ports;

namespace SmusServerless.Application.Tests.Fakes;

/// <summary>A project catalog held in lists: tests put in what exists and read what the use case created.</summary>
internal sealed class FakeProjectCatalog : IProjectCatalog
{
    public List<CatalogDomain> Domains { get; } = [new("dzd_corp", "corp")];
    public Dictionary<string, Dictionary<string, string>> DomainTags { get; } = [];
    public Dictionary<string, CatalogDomainStatus> DomainStatus { get; } = new() { ["dzd_corp"] = new(DomainState.Available, "AVAILABLE") };
    public List<ProjectDetails> Projects { get; } = [];
    public List<ProjectProfileRef> Profiles { get; } = [new("prof_all", "All capabilities")];
    public Dictionary<string, ProjectProfile> ProfileDetails { get; } = new() { ["prof_all"] = new("All capabilities", [new("cfg_tooling", "Tooling")]) };
    public List<ProjectEnvironment> Environments { get; } = [];
    public Dictionary<string, List<ProjectConnection>> Connections { get; } = [];
    public Dictionary<string, string> Users { get; } = [];
    /// <summary>IAM role ARN → group profile id.</summary>
    public Dictionary<string, string> RoleGroups { get; } = [];
    public HashSet<string> Members { get; } = [];

    public List<DomainCreation> CreatedDomains { get; } = [];
    public List<ProjectCreation> CreatedProjects { get; } = [];
    public List<EnvironmentCreation> CreatedEnvironments { get; } = [];
    public List<(string UserId, MemberDesignation Role)> AddedMembers { get; } = [];
    public List<CatalogMember> AddedMemberProfiles { get; } = [];

    /// <summary>Every call, by name, so a test can assert a refusal changed (and looked up) nothing.</summary>
    public List<string> Calls { get; } = [];

    /// <summary>What every create answers (AlreadyExists: someone else made it first).</summary>
    public CreateOutcome CreateAnswer { get; set; } = CreateOutcome.Created;

    public static ProjectDetails Project(string name, ProjectState state = ProjectState.Active, string? status = "ACTIVE",
        EnvironmentDeploymentState deployment = EnvironmentDeploymentState.None, string? deploymentStatus = null, string? profileId = "prof_all") =>
        new("prj_" + name, name, state, status, deployment, deploymentStatus, [], profileId);

    public Task<IReadOnlyList<CatalogDomain>> FindDomainsAsync(string region, string name, CancellationToken cancellationToken)
    {
        Calls.Add(nameof(FindDomainsAsync));
        return Task.FromResult<IReadOnlyList<CatalogDomain>>([.. Domains.Where(d => d.Name == name)]);
    }

    public Task<IReadOnlyList<TaggedDomain>> ListDomainsWithTagsAsync(string region, CancellationToken cancellationToken)
    {
        Calls.Add(nameof(ListDomainsWithTagsAsync));
        return Task.FromResult<IReadOnlyList<TaggedDomain>>([.. Domains.Select(d => new TaggedDomain(d.Id, d.Name, DomainTags.GetValueOrDefault(d.Id) ?? []))]);
    }

    public Task<CatalogDomainStatus> GetDomainStatusAsync(string region, string domainId, CancellationToken cancellationToken) =>
        Task.FromResult(DomainStatus[domainId]);

    public Task CreateDomainAsync(string region, DomainCreation domain, CancellationToken cancellationToken)
    {
        CreatedDomains.Add(domain);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CatalogProject>> FindProjectsAsync(string region, string domainId, string name, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CatalogProject>>([.. Projects.Where(p => p.Name == name).Select(p => new CatalogProject(p.Id, p.Name))]);

    public Task<ProjectDetails> GetProjectAsync(string region, string domainId, string projectId, CancellationToken cancellationToken) =>
        Task.FromResult(Projects.Single(p => p.Id == projectId));

    public Task<IReadOnlyList<ProjectProfileRef>> FindProjectProfilesAsync(string region, string domainId, string name, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProjectProfileRef>>([.. Profiles.Where(p => p.Name == name)]);

    public Task<ProjectProfile> GetProjectProfileAsync(string region, string domainId, string profileId, CancellationToken cancellationToken) =>
        Task.FromResult(ProfileDetails[profileId]);

    public Task<CreateOutcome> CreateProjectAsync(string region, ProjectCreation project, CancellationToken cancellationToken)
    {
        CreatedProjects.Add(project);
        return Task.FromResult(CreateAnswer);
    }

    public Task<IReadOnlySet<string>> ListMemberIdsAsync(string region, string domainId, string projectId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(Members.ToHashSet());

    public Task<CatalogMember?> FindMemberAsync(string region, string domainId, string name, CancellationToken cancellationToken) =>
        Task.FromResult(RoleGroups.TryGetValue(name, out var groupId) ? new CatalogMember(groupId, MemberKind.Group)
            : Users.TryGetValue(name, out var userId) ? new CatalogMember(userId, MemberKind.User)
            : null);

    public Task<CreateOutcome> AddMemberAsync(string region, string domainId, string projectId, CatalogMember member, MemberDesignation role, CancellationToken cancellationToken)
    {
        AddedMembers.Add((member.Id, role));
        AddedMemberProfiles.Add(member);
        return Task.FromResult(CreateAnswer);
    }

    public Task<IReadOnlyList<ProjectEnvironment>> ListEnvironmentsAsync(string region, string domainId, string projectId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProjectEnvironment>>([.. Environments]);

    public Task<CreateOutcome> CreateEnvironmentAsync(string region, EnvironmentCreation environment, CancellationToken cancellationToken)
    {
        CreatedEnvironments.Add(environment);
        return Task.FromResult(CreateAnswer);
    }

    public Task<IReadOnlyList<ProjectConnection>> ListConnectionsAsync(string region, string domainId, string projectId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProjectConnection>>(Connections.GetValueOrDefault(projectId) ?? []);

    /// <summary>What <see cref="GetProjectContextAsync"/> answers, per project id (default: domain 'corp', no KMS key, a user role).</summary>
    public Dictionary<string, ProjectContext> Contexts { get; } = [];

    public Task<ProjectContext> GetProjectContextAsync(string region, string domainId, string projectId, CancellationToken cancellationToken) =>
        Task.FromResult(Contexts.GetValueOrDefault(projectId) ?? new ProjectContext("corp", null, $"arn:aws:iam::123456789012:role/datazone_usr_role_{projectId}"));
}
