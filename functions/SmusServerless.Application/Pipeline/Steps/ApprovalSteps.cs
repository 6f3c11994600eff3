using SmusServerless.Application.Ports;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Pipeline.Steps;

/// <summary>The gate task's input from the state machine: the task token, and which run and target wait for approval.</summary>
public sealed record GateInput(string TaskToken, string ExecutionArn, RunContext Run, PlannedTarget Target);

/// <summary>The timeout path's input: which run and target timed out.</summary>
public sealed record GateTimeoutInput(string ExecutionArn, RunContext Run, PlannedTarget Target);

/// <summary>
/// Puts a gated target in front of the approval gate: says what is being approved (bundle, provenance, the target's
/// change set — the files Deploy will add, change and remove, from the same computation Deploy uses — and the test
/// results of the targets this run already deployed), and hands the task token to the gate, which keeps it server-side.
/// </summary>
public sealed class RequestApprovalStep(RunBundles bundles, IProjectCatalog catalog, ChangeSetPlanner changeSets, IDeploymentRecords records, IApprovalGate gate)
{
    private readonly CatalogNames _names = new(catalog);

    public async Task<ApprovalRequestedEvent> RunAsync(GateInput input, CancellationToken cancellationToken)
    {
        var bundle = await bundles.OpenAsync(input.Run.Bundle, cancellationToken).ConfigureAwait(false);
        var target = bundle.Target(input.Target.Name);
        // The gate comes before provisioning: on a first deployment the project does not exist yet.
        var project = await FindProjectAsync(input.Target, cancellationToken).ConfigureAwait(false);
        ChangeSet changeSet;
        try
        {
            changeSet = await changeSets.PlanAsync(bundle, target, input.Run.PipelineName, project, cancellationToken).ConfigureAwait(false);
        }
        catch (PipelineFailure failure) when (failure.Error == PipelineErrors.ConnectionNotFound && project is not null)
        {
            // Provisioning may still create the environment that brings the connection: show the files as going to a
            // project not yet set up, and leave the error to Deploy if the connection never comes.
            changeSet = await changeSets.PlanAsync(bundle, target, input.Run.PipelineName, null, cancellationToken).ConfigureAwait(false);
        }

        var earlier = new List<TargetTestResult>();
        foreach (var deployed in bundle.Manifest.DeploymentTargets.TakeWhile(t => t.Name != input.Target.Name))
        {
            var record = await records.ReadCurrentAsync(input.Run.PipelineName, deployed.Name, cancellationToken).ConfigureAwait(false);
            if (record?.RunId != input.Run.RunId) continue;
            earlier.Add(record.Tests is { } tests
                ? new TargetTestResult(deployed.Name, tests.Succeeded ? "passed" : "failed", tests.Passed, tests.Failed + tests.Errors)
                : new TargetTestResult(deployed.Name, "deployed, no tests", 0, 0, $"{record.Files.Count} files deployed"));
        }

        var request = ApprovalRequest.Pending(
            ApprovalIds.For(input.Run, input.Target), input.Run.PipelineName, input.Run.BundleName, input.Run.BundleVersion,
            input.Run.SourceCommit ?? "", input.Run.SourceAuthor ?? "", input.Target.Name, input.Target.Stage,
            changeSet.ToFileChanges(), earlier, input.ExecutionArn);
        return await gate.RequestAsync(request, input.TaskToken, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The target's project when it exists already; null before its first provisioning.</summary>
    private async Task<ProjectReference?> FindProjectAsync(PlannedTarget target, CancellationToken cancellationToken)
    {
        var region = target.Domain.Region;
        var domainId = target.Domain.Id ?? (await _names.FindDomainAsync(region, target.Domain.Name, cancellationToken).ConfigureAwait(false))?.Id;
        if (domainId is null) return null;
        var project = await _names.FindProjectAsync(region, domainId, target.ProjectName, cancellationToken).ConfigureAwait(false);
        return project is null ? null : new ProjectReference(domainId, project.Id, project.Name, region);
    }
}

/// <summary>One approval per run and target, with an id the gate accepts ([A-Za-z0-9._-], at most 128).</summary>
public static class ApprovalIds
{
    public static string For(RunContext run, PlannedTarget target)
    {
        var raw = $"{run.RunId}.{target.Name}";
        var safe = new string(raw.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray());
        return safe.Length <= 128 ? safe : safe[..96] + "." + IdempotencyTokens.For(raw);
    }
}
