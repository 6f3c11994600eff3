using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.Errors;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Functions.Pipeline.Steps;

/// <summary>
/// Makes the target's domain, project, memberships and environments exist — detecting what is there, creating only
/// what is missing — and answers READY, or WAIT while DataZone is still creating. Safe to repeat at any point.
/// </summary>
public sealed class ProvisionStep(PipelineServices services)
{
    public async Task<ProvisionResult> RunAsync(ProvisionInput input, CancellationToken cancellationToken)
    {
        var bundle = await services.OpenBundleAsync(input.Run.Bundle, cancellationToken).ConfigureAwait(false);
        var target = bundle.Target(input.Target.Name);
        var dataZone = services.DataZone(input.Target.Domain.Region);
        var names = new DataZoneNameResolver(dataZone);

        var domainId = await EnsureDomainAsync(input, dataZone, names, cancellationToken).ConfigureAwait(false);
        if (domainId is null)
            return Wait(input, $"Domain '{input.Target.Domain.Name}'");

        var project = await names.FindProjectAsync(domainId, input.Target.ProjectName, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            await CreateProjectAsync(input, target, domainId, dataZone, names, cancellationToken).ConfigureAwait(false);
            return Wait(input, $"Project '{input.Target.ProjectName}'");
        }

        var details = await dataZone.GetProjectAsync(new GetProjectInput { DomainIdentifier = domainId, Identifier = project.Id }, cancellationToken).ConfigureAwait(false);
        var deployment = details.EnvironmentDeploymentDetails?.OverallDeploymentStatus;
        if (details.ProjectStatus is "UPDATE_FAILED" or "DELETE_FAILED" or "DELETING" || deployment is "FAILED_VALIDATION" or "FAILED_DEPLOYMENT")
        {
            var reasons = string.Join("; ", (details.FailureReasons ?? []).Select(r => $"{r.Code}: {r.Message}"));
            throw new PipelineFailure(PipelineErrors.ProjectFailed,
                $"Project '{details.Name}' ({details.Id}) is {details.ProjectStatus}" +
                (deployment is null ? "" : $", environment deployment {deployment}") +
                (reasons.Length > 0 ? $": {reasons}" : "") + ". Fix it in SageMaker Unified Studio, then run the deployment again.");
        }
        if (details.ProjectStatus is not (null or "ACTIVE") || deployment is "PENDING_DEPLOYMENT" or "IN_PROGRESS")
            return Wait(input, $"Project '{details.Name}'");

        await EnsureMembersAsync(target, domainId, details.Id!, dataZone, cancellationToken).ConfigureAwait(false);
        var environmentsReady = await EnsureEnvironmentsAsync(target, domainId, details, dataZone, cancellationToken).ConfigureAwait(false);
        if (!environmentsReady)
            return Wait(input, $"The environments of project '{details.Name}'");

        return new ProvisionResult(StepProgress.ReadyStatus, input.Attempt, 0,
            new ProjectReference(domainId, details.Id!, details.Name!, input.Target.Domain.Region));
    }

    private static ProvisionResult Wait(ProvisionInput input, string pending)
    {
        var progress = WaitPolicy.Provisioning.Wait(input.Attempt, PipelineErrors.ProvisionTimeout, pending);
        return new ProvisionResult(progress.Status, progress.Attempt, progress.WaitSeconds, null);
    }

    /// <summary>The domain's id once AVAILABLE; null while it is being created.</summary>
    private async Task<string?> EnsureDomainAsync(ProvisionInput input, IDataZoneClient dataZone, DataZoneNameResolver names, CancellationToken cancellationToken)
    {
        var domainId = input.Target.Domain.Id;
        if (domainId is null)
        {
            var found = await names.FindDomainAsync(input.Target.Domain.Name, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                var settings = services.Settings;
                if (!settings.AllowDomainCreation || settings.DomainExecutionRoleArn is null)
                    throw new PipelineFailure(PipelineErrors.DomainNotFound,
                        $"No DataZone domain is named '{input.Target.Domain.Name}' in {input.Target.Domain.Region}. Create it, correct " +
                        $"targets.{input.Target.Name}.domain, or deploy the stack with AllowDomainCreation=true and a DomainExecutionRoleArn.");
                await dataZone.CreateDomainAsync(new CreateDomainInput
                {
                    Name = input.Target.Domain.Name,
                    DomainExecutionRole = settings.DomainExecutionRoleArn,
                    Description = $"Created by SmusServerless for pipeline {input.Run.PipelineName}",
                    // The same token on a retry makes DataZone return the domain it already created.
                    ClientToken = IdempotencyTokens.For("domain", input.Run.PipelineName, input.Target.Domain.Region, input.Target.Domain.Name),
                }, cancellationToken).ConfigureAwait(false);
                return null;
            }
            domainId = found.Id!;
        }

        var domain = await dataZone.GetDomainAsync(new GetDomainInput { Identifier = domainId }, cancellationToken).ConfigureAwait(false);
        return domain.Status switch
        {
            "AVAILABLE" => domainId,
            "CREATING" => null,
            _ => throw new PipelineFailure(PipelineErrors.DomainCreationFailed,
                $"Domain '{input.Target.Domain.Name}' ({domainId}) is {domain.Status}; it cannot take deployments."),
        };
    }

    private static async Task CreateProjectAsync(ProvisionInput input, TargetDefinition target, string domainId, IDataZoneClient dataZone,
        DataZoneNameResolver names, CancellationToken cancellationToken)
    {
        if (!target.Create)
            throw new PipelineFailure(PipelineErrors.ProjectNotFound,
                $"Project '{input.Target.ProjectName}' does not exist in domain '{input.Target.Domain.Name}' and targets.{target.Name}.project.create " +
                "is false. Create the project, or set create: true to let the pipeline create it.");

        var profile = await names.FindProjectProfileAsync(domainId, target.ProfileName, cancellationToken).ConfigureAwait(false)
                      ?? throw new PipelineFailure(PipelineErrors.ProfileNotFound,
                          $"No project profile is named '{target.ProfileName}' in domain '{input.Target.Domain.Name}' " +
                          $"(targets.{target.Name}.initialization.project.profileName). Use the name of an enabled profile.");
        try
        {
            await dataZone.CreateProjectAsync(new CreateProjectInput
            {
                DomainIdentifier = domainId,
                Name = input.Target.ProjectName,
                Description = $"{input.Run.PipelineName} {target.Stage} target, managed by SmusServerless",
                ProjectProfileId = profile.Id,
                UserParameters = target.UserParameters.Count == 0
                    ? null
                    : [.. target.UserParameters.Select(group => new EnvironmentConfigurationUserParameter
                    {
                        EnvironmentConfigurationName = group.EnvironmentConfigurationName,
                        EnvironmentParameters = [.. group.Parameters.Select(p => new EnvironmentParameter { Name = p.Name, Value = p.Value })],
                    })],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsConflictException)
        {
            // Another attempt (or run) created it between our lookup and our create: the next check finds it.
        }
    }

    private static async Task EnsureMembersAsync(TargetDefinition target, string domainId, string projectId, IDataZoneClient dataZone, CancellationToken cancellationToken)
    {
        var wanted = target.Owners.Select(m => (Member: m, Designation: "PROJECT_OWNER"))
            .Concat(target.Contributors.Select(m => (Member: m, Designation: "PROJECT_CONTRIBUTOR")))
            .ToList();
        if (wanted.Count == 0) return;

        var existing = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var member in dataZone.ListProjectMembershipsPaginatedAsync(new ListProjectMembershipsInput { DomainIdentifier = domainId, ProjectIdentifier = projectId, MaxResults = 50 }, cancellationToken).ConfigureAwait(false))
        {
            if (member.MemberDetails?.User?.UserId is { } userId) existing.Add(userId);
        }

        foreach (var (name, designation) in wanted)
        {
            var userId = await FindUserAsync(domainId, name, dataZone, cancellationToken).ConfigureAwait(false)
                         ?? throw new PipelineFailure(PipelineErrors.ProjectFailed,
                             $"No DataZone user profile matches '{name}' (targets.{target.Name} owners/contributors). Use an IAM role ARN " +
                             "or an IAM Identity Center user name that exists in the domain.");
            if (!existing.Add(userId)) continue;
            try
            {
                await dataZone.CreateProjectMembershipAsync(new CreateProjectMembershipInput
                {
                    DomainIdentifier = domainId,
                    ProjectIdentifier = projectId,
                    Member = new Member { UserIdentifier = userId },
                    Designation = designation,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsConflictException)
            {
                // Already a member: what we wanted.
            }
        }
    }

    private static async Task<string?> FindUserAsync(string domainId, string name, IDataZoneClient dataZone, CancellationToken cancellationToken)
    {
        var isArn = name.StartsWith("arn:", StringComparison.Ordinal);
        var userType = isArn ? "DATAZONE_IAM_USER" : "SSO_USER";
        await foreach (var profile in dataZone.SearchUserProfilesPaginatedAsync(new SearchUserProfilesInput { DomainIdentifier = domainId, UserType = userType, SearchText = name, MaxResults = 50 }, cancellationToken).ConfigureAwait(false))
        {
            var matches = isArn ? profile.Details?.Iam?.Arn == name : profile.Details?.Sso?.Username == name;
            if (matches) return profile.Id;
        }
        return null;
    }

    /// <summary>True when every requested environment exists and is ACTIVE; creates the missing ones.</summary>
    private static async Task<bool> EnsureEnvironmentsAsync(TargetDefinition target, string domainId, GetProjectOutput project, IDataZoneClient dataZone, CancellationToken cancellationToken)
    {
        if (target.Environments.Count == 0) return true;
        var existing = new List<EnvironmentSummary>();
        await foreach (var environment in dataZone.ListEnvironmentsPaginatedAsync(new ListEnvironmentsInput { DomainIdentifier = domainId, ProjectIdentifier = project.Id, MaxResults = 50 }, cancellationToken).ConfigureAwait(false))
        {
            existing.Add(environment);
        }

        GetProjectProfileOutput? profile = null;
        var ready = true;
        foreach (var request in target.Environments)
        {
            var name = request.EnvironmentConfigurationName;
            var environment = existing.FirstOrDefault(e => e.EnvironmentConfigurationName == name || e.Name == name);
            if (environment is null)
            {
                profile ??= project.ProjectProfileId is { } profileId
                    ? await dataZone.GetProjectProfileAsync(new GetProjectProfileInput { DomainIdentifier = domainId, Identifier = profileId }, cancellationToken).ConfigureAwait(false)
                    : throw new PipelineFailure(PipelineErrors.EnvironmentFailed, $"Project '{project.Name}' has no project profile to create environment '{name}' from.");
                var configuration = profile.EnvironmentConfigurations?.FirstOrDefault(c => c.Name == name)
                                    ?? throw new PipelineFailure(PipelineErrors.EnvironmentFailed,
                                        $"Project profile '{profile.Name}' has no environment configuration named '{name}' " +
                                        $"(targets.{target.Name}.initialization.environments). It has: {string.Join(", ", (profile.EnvironmentConfigurations ?? []).Select(c => c.Name))}.");
                try
                {
                    await dataZone.CreateEnvironmentAsync(new CreateEnvironmentInput
                    {
                        DomainIdentifier = domainId,
                        ProjectIdentifier = project.Id,
                        Name = name,
                        EnvironmentConfigurationId = configuration.Id,
                        Description = "Managed by SmusServerless",
                    }, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsConflictException)
                {
                }
                ready = false;
                continue;
            }
            switch (environment.Status)
            {
                case "ACTIVE":
                    break;
                case "CREATE_FAILED" or "UPDATE_FAILED" or "DELETE_FAILED" or "VALIDATION_FAILED" or "SUSPENDED" or "DISABLED" or "EXPIRED" or "DELETED" or "INACCESSIBLE":
                    throw new PipelineFailure(PipelineErrors.EnvironmentFailed,
                        $"Environment '{environment.Name}' ({environment.Id}) of project '{project.Name}' is {environment.Status}.");
                default:
                    ready = false;
                    break;
            }
        }
        return ready;
    }
}
