using SmusServerless.Application.Ports;
using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.Errors;
using EnvironmentConfiguration = SmusServerless.Application.Ports.EnvironmentConfiguration;

namespace SmusServerless.Aws.Adapters;

/// <summary>
/// The project catalog over DataZone: every list read to its last page, DataZone's status strings mapped to the
/// application's states. A conflict on a create means the resource exists (<see cref="CreateOutcome.AlreadyExists"/>).
/// </summary>
public sealed class DataZoneProjectCatalog(Func<string, IDataZoneClient> dataZoneForRegion) : IProjectCatalog
{
    // The largest pages the model allows (ListDomains: 25, the other lists: 50).
    private const int PageSize = 50;

    public async Task<IReadOnlyList<CatalogDomain>> FindDomainsAsync(string region, string name, CancellationToken cancellationToken)
    {
        var matches = new List<CatalogDomain>();
        await foreach (var domain in dataZoneForRegion(region).ListDomainsPaginatedAsync(new ListDomainsInput { MaxResults = 25 }, cancellationToken).ConfigureAwait(false))
        {
            if (domain.Name == name && domain.Status is not ("DELETED" or "DELETING")) matches.Add(new CatalogDomain(domain.Id!, domain.Name));
        }
        return matches;
    }

    public async Task<IReadOnlyList<TaggedDomain>> ListDomainsWithTagsAsync(string region, CancellationToken cancellationToken)
    {
        var client = dataZoneForRegion(region);
        var domains = new List<TaggedDomain>();
        await foreach (var domain in client.ListDomainsPaginatedAsync(new ListDomainsInput { MaxResults = 25 }, cancellationToken).ConfigureAwait(false))
        {
            if (domain.Status is "DELETED" or "DELETING") continue;
            // ListDomains answers no tags; they are the domain ARN's (ListTagsForResource), as smus-cli reads them.
            var tags = await client.ListTagsForResourceAsync(new ListTagsForResourceRequest { ResourceArn = domain.Arn }, cancellationToken).ConfigureAwait(false);
            domains.Add(new TaggedDomain(domain.Id!, domain.Name!, tags.Tags ?? new Dictionary<string, string>()));
        }
        return domains;
    }

    public async Task<CatalogDomainStatus> GetDomainStatusAsync(string region, string domainId, CancellationToken cancellationToken)
    {
        var domain = await dataZoneForRegion(region).GetDomainAsync(new GetDomainInput { Identifier = domainId }, cancellationToken).ConfigureAwait(false);
        var state = domain.Status switch
        {
            "AVAILABLE" => DomainState.Available,
            "CREATING" => DomainState.Creating,
            _ => DomainState.Unusable,
        };
        return new CatalogDomainStatus(state, domain.Status);
    }

    public async Task CreateDomainAsync(string region, DomainCreation domain, CancellationToken cancellationToken) =>
        await dataZoneForRegion(region).CreateDomainAsync(new CreateDomainInput
        {
            Name = domain.Name,
            DomainExecutionRole = domain.ExecutionRoleArn,
            Description = domain.Description,
            ClientToken = domain.ClientToken,
        }, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<CatalogProject>> FindProjectsAsync(string region, string domainId, string name, CancellationToken cancellationToken)
    {
        var matches = new List<CatalogProject>();
        await foreach (var project in dataZoneForRegion(region).ListProjectsPaginatedAsync(new ListProjectsInput { DomainIdentifier = domainId, Name = name, MaxResults = PageSize }, cancellationToken).ConfigureAwait(false))
        {
            // The name filter may match more loosely than equality; only an exact name counts.
            if (project.Name == name && project.ProjectStatus is not ("DELETING" or "DELETE_FAILED")) matches.Add(new CatalogProject(project.Id!, project.Name));
        }
        return matches;
    }

    public async Task<ProjectDetails> GetProjectAsync(string region, string domainId, string projectId, CancellationToken cancellationToken)
    {
        var project = await dataZoneForRegion(region).GetProjectAsync(new GetProjectInput { DomainIdentifier = domainId, Identifier = projectId }, cancellationToken).ConfigureAwait(false);
        var deployment = project.EnvironmentDeploymentDetails?.OverallDeploymentStatus;
        return new ProjectDetails(
            project.Id!,
            project.Name!,
            project.ProjectStatus switch
            {
                null or "ACTIVE" => ProjectState.Active,
                "UPDATE_FAILED" or "DELETE_FAILED" or "DELETING" => ProjectState.Failed,
                _ => ProjectState.Changing,
            },
            project.ProjectStatus,
            deployment switch
            {
                null => EnvironmentDeploymentState.None,
                "FAILED_VALIDATION" or "FAILED_DEPLOYMENT" => EnvironmentDeploymentState.Failed,
                "PENDING_DEPLOYMENT" or "IN_PROGRESS" => EnvironmentDeploymentState.InProgress,
                _ => EnvironmentDeploymentState.Succeeded,
            },
            deployment,
            [.. (project.FailureReasons ?? []).Select(r => $"{r.Code}: {r.Message}")],
            project.ProjectProfileId);
    }

    public async Task<IReadOnlyList<ProjectProfileRef>> FindProjectProfilesAsync(string region, string domainId, string name, CancellationToken cancellationToken)
    {
        var matches = new List<ProjectProfileRef>();
        await foreach (var profile in dataZoneForRegion(region).ListProjectProfilesPaginatedAsync(new ListProjectProfilesInput { DomainIdentifier = domainId, Name = name, MaxResults = PageSize }, cancellationToken).ConfigureAwait(false))
        {
            if (profile.Name == name) matches.Add(new ProjectProfileRef(profile.Id!, profile.Name));
        }
        return matches;
    }

    public async Task<ProjectProfile> GetProjectProfileAsync(string region, string domainId, string profileId, CancellationToken cancellationToken)
    {
        var profile = await dataZoneForRegion(region).GetProjectProfileAsync(new GetProjectProfileInput { DomainIdentifier = domainId, Identifier = profileId }, cancellationToken).ConfigureAwait(false);
        return new ProjectProfile(profile.Name!, [.. (profile.EnvironmentConfigurations ?? []).Select(c => new EnvironmentConfiguration(c.Id!, c.Name!))]);
    }

    public Task<CreateOutcome> CreateProjectAsync(string region, ProjectCreation project, CancellationToken cancellationToken) =>
        CreateAsync(() => dataZoneForRegion(region).CreateProjectAsync(new CreateProjectInput
        {
            DomainIdentifier = project.DomainId,
            Name = project.Name,
            Description = project.Description,
            ProjectProfileId = project.ProfileId,
            ProjectExecutionRole = project.ExecutionRoleArn,
            UserParameters = project.UserParameters.Count == 0
                ? null
                : [.. project.UserParameters.Select(group => new EnvironmentConfigurationUserParameter
                {
                    EnvironmentConfigurationName = group.EnvironmentConfigurationName,
                    EnvironmentParameters = [.. group.Parameters.Select(p => new EnvironmentParameter { Name = p.Key, Value = p.Value })],
                })],
        }, cancellationToken));

    public async Task<IReadOnlySet<string>> ListMemberIdsAsync(string region, string domainId, string projectId, CancellationToken cancellationToken)
    {
        var members = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var member in dataZoneForRegion(region).ListProjectMembershipsPaginatedAsync(new ListProjectMembershipsInput { DomainIdentifier = domainId, ProjectIdentifier = projectId, MaxResults = PageSize }, cancellationToken).ConfigureAwait(false))
        {
            if (member.MemberDetails?.User?.UserId is { } userId) members.Add(userId);
            if (member.MemberDetails?.Group?.GroupId is { } groupId) members.Add(groupId);
        }
        return members;
    }

    public async Task<CatalogMember?> FindMemberAsync(string region, string domainId, string name, CancellationToken cancellationToken)
    {
        var client = dataZoneForRegion(region);
        var isArn = name.StartsWith("arn:", StringComparison.Ordinal);
        if (isArn)
        {
            // SageMaker Unified Studio makes an IAM role a member through its role session group profile.
            await foreach (var group in client.SearchGroupProfilesPaginatedAsync(new SearchGroupProfilesInput { DomainIdentifier = domainId, GroupType = "IAM_ROLE_SESSION_GROUP", MaxResults = PageSize }, cancellationToken).ConfigureAwait(false))
            {
                if ((group.RolePrincipalArn ?? group.GroupName) == name && group.Id is { } groupId) return new CatalogMember(groupId, MemberKind.Group);
            }
        }

        var userType = isArn ? "DATAZONE_IAM_USER" : "SSO_USER";
        await foreach (var profile in client.SearchUserProfilesPaginatedAsync(new SearchUserProfilesInput { DomainIdentifier = domainId, UserType = userType, SearchText = name, MaxResults = PageSize }, cancellationToken).ConfigureAwait(false))
        {
            var matches = isArn ? profile.Details?.Iam?.Arn == name : profile.Details?.Sso?.Username == name;
            if (matches && profile.Id is { } userId) return new CatalogMember(userId, MemberKind.User);
        }
        return null;
    }

    public Task<CreateOutcome> AddMemberAsync(string region, string domainId, string projectId, CatalogMember member, MemberDesignation role, CancellationToken cancellationToken) =>
        CreateAsync(() => dataZoneForRegion(region).CreateProjectMembershipAsync(new CreateProjectMembershipInput
        {
            DomainIdentifier = domainId,
            ProjectIdentifier = projectId,
            Member = member.Kind == MemberKind.Group ? new Member { GroupIdentifier = member.Id } : new Member { UserIdentifier = member.Id },
            Designation = role == MemberDesignation.Owner ? "PROJECT_OWNER" : "PROJECT_CONTRIBUTOR",
        }, cancellationToken));

    public async Task<IReadOnlyList<ProjectEnvironment>> ListEnvironmentsAsync(string region, string domainId, string projectId, CancellationToken cancellationToken)
    {
        var environments = new List<ProjectEnvironment>();
        await foreach (var environment in dataZoneForRegion(region).ListEnvironmentsPaginatedAsync(new ListEnvironmentsInput { DomainIdentifier = domainId, ProjectIdentifier = projectId, MaxResults = PageSize }, cancellationToken).ConfigureAwait(false))
        {
            var state = environment.Status switch
            {
                "ACTIVE" => EnvironmentState.Active,
                "CREATE_FAILED" or "UPDATE_FAILED" or "DELETE_FAILED" or "VALIDATION_FAILED" or "SUSPENDED" or "DISABLED" or "EXPIRED" or "DELETED" or "INACCESSIBLE" => EnvironmentState.Failed,
                _ => EnvironmentState.Changing,
            };
            environments.Add(new ProjectEnvironment(environment.Id!, environment.Name!, environment.EnvironmentConfigurationName, state, environment.Status));
        }
        return environments;
    }

    public Task<CreateOutcome> CreateEnvironmentAsync(string region, EnvironmentCreation environment, CancellationToken cancellationToken) =>
        CreateAsync(() => dataZoneForRegion(region).CreateEnvironmentAsync(new CreateEnvironmentInput
        {
            DomainIdentifier = environment.DomainId,
            ProjectIdentifier = environment.ProjectId,
            Name = environment.Name,
            EnvironmentConfigurationId = environment.ConfigurationId,
            Description = environment.Description,
        }, cancellationToken));

    public async Task<IReadOnlyList<ProjectConnection>> ListConnectionsAsync(string region, string domainId, string projectId, CancellationToken cancellationToken)
    {
        var connections = new List<ProjectConnection>();
        await foreach (var connection in dataZoneForRegion(region).ListConnectionsPaginatedAsync(new ListConnectionsInput { DomainIdentifier = domainId, ProjectIdentifier = projectId, MaxResults = PageSize }, cancellationToken).ConfigureAwait(false))
        {
            connections.Add(new ProjectConnection(connection.Name!, connection.Type, connection.Props?.S3Properties?.S3Uri) { Properties = PropertiesOf(connection.Props) });
        }
        return connections;
    }

    public async Task<ProjectContext> GetProjectContextAsync(string region, string domainId, string projectId, CancellationToken cancellationToken)
    {
        var client = dataZoneForRegion(region);
        var domain = await client.GetDomainAsync(new GetDomainInput { Identifier = domainId }, cancellationToken).ConfigureAwait(false);
        string? role = null;
        await foreach (var environment in client.ListEnvironmentsPaginatedAsync(new ListEnvironmentsInput { DomainIdentifier = domainId, ProjectIdentifier = projectId, MaxResults = PageSize }, cancellationToken).ConfigureAwait(false))
        {
            // smus-cli takes the user role of the project's tooling environment.
            if (environment.Name?.Contains("tooling", StringComparison.OrdinalIgnoreCase) != true) continue;
            var details = await client.GetEnvironmentAsync(new GetEnvironmentInput { DomainIdentifier = domainId, Identifier = environment.Id! }, cancellationToken).ConfigureAwait(false);
            role = details.ProvisionedResources?.FirstOrDefault(r => r.Name == "userRoleArn")?.Value;
            if (role is not null) break;
        }
        var kms = domain.KmsKeyIdentifier is { } key && key.StartsWith("arn:", StringComparison.Ordinal) ? key : null;
        return new ProjectContext(domain.Name ?? "", kms, role);
    }

    private static Dictionary<string, string> PropertiesOf(ConnectionPropertiesOutput? props)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, object? value)
        {
            if (value is not null && Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) is { Length: > 0 } text) properties[name] = text;
        }
        Add("s3Uri", props?.S3Properties?.S3Uri);
        Add("workgroupName", props?.AthenaProperties?.WorkgroupName);
        Add("trackingServerArn", props?.MlflowProperties?.TrackingServerArn);
        Add("glueVersion", props?.SparkGlueProperties?.GlueVersion);
        Add("workerType", props?.SparkGlueProperties?.WorkerType);
        Add("numberOfWorkers", props?.SparkGlueProperties?.NumberOfWorkers);
        return properties;
    }

    private static async Task<CreateOutcome> CreateAsync<T>(Func<Task<T>> create)
    {
        try
        {
            await create().ConfigureAwait(false);
            return CreateOutcome.Created;
        }
        catch (AwsConflictException)
        {
            return CreateOutcome.AlreadyExists;
        }
    }
}
