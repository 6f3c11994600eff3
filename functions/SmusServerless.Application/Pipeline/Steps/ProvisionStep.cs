using SmusServerless.Application.Ports;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Pipeline.Steps;

/// <summary>
/// Makes the target's domain, project, memberships and environments exist — detecting what is there, creating only
/// what is missing — and answers READY, or WAIT while the catalog is still creating. Safe to repeat at any point.
/// </summary>
public sealed class ProvisionStep(RunBundles bundles, IProjectCatalog catalog, DomainCreationPolicy domainCreation)
{
    private readonly CatalogNames _names = new(catalog);

    public async Task<ProvisionResult> RunAsync(ProvisionInput input, CancellationToken cancellationToken)
    {
        var bundle = await bundles.OpenAsync(input.Run.Bundle, cancellationToken).ConfigureAwait(false);
        var target = bundle.Target(input.Target.Name);
        var region = input.Target.Domain.Region;

        var domainId = await EnsureDomainAsync(input, cancellationToken).ConfigureAwait(false);
        if (domainId is null)
            return Wait(input, $"Domain '{input.Target.Domain.Name}'");

        var project = await _names.FindProjectAsync(region, domainId, input.Target.ProjectName, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            await CreateProjectAsync(input, target, domainId, cancellationToken).ConfigureAwait(false);
            return Wait(input, $"Project '{input.Target.ProjectName}'");
        }

        var details = await catalog.GetProjectAsync(region, domainId, project.Id, cancellationToken).ConfigureAwait(false);
        if (details.State == ProjectState.Failed || details.Deployment == EnvironmentDeploymentState.Failed)
        {
            var reasons = string.Join("; ", details.FailureReasons);
            throw new PipelineFailure(PipelineErrors.ProjectFailed,
                $"Project '{details.Name}' ({details.Id}) is {details.StatusName}" +
                (details.DeploymentStatusName is null ? "" : $", environment deployment {details.DeploymentStatusName}") +
                (reasons.Length > 0 ? $": {reasons}" : "") + ". Fix it in SageMaker Unified Studio, then run the deployment again.");
        }
        if (details.State != ProjectState.Active || details.Deployment == EnvironmentDeploymentState.InProgress)
            return Wait(input, $"Project '{details.Name}'");

        await EnsureMembersAsync(region, target, domainId, details.Id, cancellationToken).ConfigureAwait(false);
        var environmentsReady = await EnsureEnvironmentsAsync(region, target, domainId, details, cancellationToken).ConfigureAwait(false);
        if (!environmentsReady)
            return Wait(input, $"The environments of project '{details.Name}'");

        return new ProvisionResult(StepProgress.ReadyStatus, input.Attempt, 0,
            new ProjectReference(domainId, details.Id, details.Name, region));
    }

    private static ProvisionResult Wait(ProvisionInput input, string pending)
    {
        var progress = WaitPolicy.Provisioning.Wait(input.Attempt, PipelineErrors.ProvisionTimeout, pending);
        return new ProvisionResult(progress.Status, progress.Attempt, progress.WaitSeconds, null);
    }

    /// <summary>The domain's id once available; null while it is being created.</summary>
    private async Task<string?> EnsureDomainAsync(ProvisionInput input, CancellationToken cancellationToken)
    {
        var region = input.Target.Domain.Region;
        var domainId = input.Target.Domain.Id;
        if (domainId is null)
        {
            var found = await _names.FindDomainAsync(region, input.Target.Domain.Name, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                if (!domainCreation.Allowed || domainCreation.ExecutionRoleArn is null)
                    throw new PipelineFailure(PipelineErrors.DomainNotFound,
                        $"No DataZone domain is named '{input.Target.Domain.Name}' in {input.Target.Domain.Region}. Create it, correct " +
                        $"targets.{input.Target.Name}.domain, or deploy the stack with AllowDomainCreation=true and a DomainExecutionRoleArn.");
                await catalog.CreateDomainAsync(region, new DomainCreation(
                    input.Target.Domain.Name,
                    domainCreation.ExecutionRoleArn,
                    $"Created by SmusServerless for pipeline {input.Run.PipelineName}",
                    // The same token on a retry makes the catalog return the domain it already created.
                    IdempotencyTokens.For("domain", input.Run.PipelineName, input.Target.Domain.Region, input.Target.Domain.Name)), cancellationToken).ConfigureAwait(false);
                return null;
            }
            domainId = found.Id;
        }

        var domain = await catalog.GetDomainStatusAsync(region, domainId, cancellationToken).ConfigureAwait(false);
        return domain.State switch
        {
            DomainState.Available => domainId,
            DomainState.Creating => null,
            _ => throw new PipelineFailure(PipelineErrors.DomainCreationFailed,
                $"Domain '{input.Target.Domain.Name}' ({domainId}) is {domain.StatusName}; it cannot take deployments."),
        };
    }

    private async Task CreateProjectAsync(ProvisionInput input, TargetDefinition target, string domainId, CancellationToken cancellationToken)
    {
        if (!target.Create)
            throw new PipelineFailure(PipelineErrors.ProjectNotFound,
                $"Project '{input.Target.ProjectName}' does not exist in domain '{input.Target.Domain.Name}' and targets.{target.Name}.project.create " +
                "is false. Create the project, or set create: true to let the pipeline create it.");

        var region = input.Target.Domain.Region;
        var profile = await _names.FindProjectProfileAsync(region, domainId, target.ProfileName, cancellationToken).ConfigureAwait(false)
                      ?? throw new PipelineFailure(PipelineErrors.ProfileNotFound,
                          $"No project profile is named '{target.ProfileName}' in domain '{input.Target.Domain.Name}' " +
                          $"(targets.{target.Name}.initialization.project.profileName). Use the name of an enabled profile.");
        // AlreadyExists: another attempt (or run) created it between our lookup and our create; the next check finds it.
        await catalog.CreateProjectAsync(region, new ProjectCreation(
            domainId,
            input.Target.ProjectName,
            $"{input.Run.PipelineName} {target.Stage} target, managed by SmusServerless",
            profile.Id,
            [.. target.UserParameters.Select(group => new EnvironmentParameters(group.EnvironmentConfigurationName,
                [.. group.Parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))]))])
        {
            // project.role.arn: DataZone's project execution role. Resolve has checked it against the stack's allow-list.
            ExecutionRoleArn = target.Project.Role?.Arn is { Length: > 0 } roleArn ? roleArn : null,
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureMembersAsync(string region, TargetDefinition target, string domainId, string projectId, CancellationToken cancellationToken)
    {
        var wanted = target.Owners.Select(m => (Member: m, Role: MemberDesignation.Owner))
            .Concat(target.Contributors.Select(m => (Member: m, Role: MemberDesignation.Contributor)))
            .ToList();
        if (wanted.Count == 0) return;

        var existing = new HashSet<string>(await catalog.ListMemberIdsAsync(region, domainId, projectId, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        foreach (var (name, role) in wanted)
        {
            var member = await catalog.FindMemberAsync(region, domainId, name, cancellationToken).ConfigureAwait(false)
                         ?? throw new PipelineFailure(PipelineErrors.ProjectFailed, ProjectPrivileges.IsIamRoleArn(name)
                             ? $"The IAM role {name} (targets.{target.Name} owners/contributors) has no group profile or user profile in domain {domainId}. " +
                               "Add the role to the domain in SageMaker Unified Studio (it then has an IAM role group profile), or remove it from the manifest."
                             : $"No DataZone user profile matches '{name}' (targets.{target.Name} owners/contributors). Use an IAM role ARN " +
                               "or an IAM Identity Center user name that exists in the domain.");
            if (!existing.Add(member.Id)) continue;
            // AlreadyExists: already a member, which is what we wanted.
            await catalog.AddMemberAsync(region, domainId, projectId, member, role, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True when every requested environment exists and is active; creates the missing ones.</summary>
    private async Task<bool> EnsureEnvironmentsAsync(string region, TargetDefinition target, string domainId, ProjectDetails project, CancellationToken cancellationToken)
    {
        if (target.Environments.Count == 0) return true;
        var existing = await catalog.ListEnvironmentsAsync(region, domainId, project.Id, cancellationToken).ConfigureAwait(false);

        ProjectProfile? profile = null;
        var ready = true;
        foreach (var request in target.Environments)
        {
            var name = request.EnvironmentConfigurationName;
            var environment = existing.FirstOrDefault(e => e.ConfigurationName == name || e.Name == name);
            if (environment is null)
            {
                profile ??= project.ProfileId is { } profileId
                    ? await catalog.GetProjectProfileAsync(region, domainId, profileId, cancellationToken).ConfigureAwait(false)
                    : throw new PipelineFailure(PipelineErrors.EnvironmentFailed, $"Project '{project.Name}' has no project profile to create environment '{name}' from.");
                var configuration = profile.EnvironmentConfigurations.FirstOrDefault(c => c.Name == name)
                                    ?? throw new PipelineFailure(PipelineErrors.EnvironmentFailed,
                                        $"Project profile '{profile.Name}' has no environment configuration named '{name}' " +
                                        $"(targets.{target.Name}.initialization.environments). It has: {string.Join(", ", profile.EnvironmentConfigurations.Select(c => c.Name))}.");
                await catalog.CreateEnvironmentAsync(region, new EnvironmentCreation(domainId, project.Id, name, configuration.Id, "Managed by SmusServerless"), cancellationToken).ConfigureAwait(false);
                ready = false;
                continue;
            }
            switch (environment.State)
            {
                case EnvironmentState.Active:
                    break;
                case EnvironmentState.Failed:
                    throw new PipelineFailure(PipelineErrors.EnvironmentFailed,
                        $"Environment '{environment.Name}' ({environment.Id}) of project '{project.Name}' is {environment.StatusName}.");
                default:
                    ready = false;
                    break;
            }
        }
        return ready;
    }
}
