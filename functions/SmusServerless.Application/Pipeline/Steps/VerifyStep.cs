using SmusServerless.Application.Ports;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.Application.Pipeline.Steps;

/// <summary>
/// Built-in verification after a deploy: every deployed object is the one the record says (same ETag), the project
/// and its environments are ACTIVE, and every grant is COMPLETED. Then says whether the manifest's tests must run,
/// and with which variables.
/// </summary>
public sealed class VerifyStep(RunBundles bundles, IObjectStore objects, IDeploymentRecords records, IProjectCatalog catalog,
    ICatalogSubscriptions subscriptions, TestReportLocation reports)
{
    public async Task<VerifyResult> RunAsync(VerifyInput input, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var record = await records.ReadAsync(input.Deployment.RecordKey, cancellationToken).ConfigureAwait(false)
                     ?? throw new PipelineFailure(PipelineErrors.VerificationFailed, $"the deployment record {input.Deployment.RecordKey} is missing");
        if (record.RunId != input.Run.RunId)
            problems.Add($"the deployment record was written by run {record.RunId}, not this run");
        foreach (var file in record.Files)
        {
            var info = await objects.HeadAsync(file.Bucket, file.Key, null, cancellationToken).ConfigureAwait(false);
            if (info is null || info.IsDeleteMarker) problems.Add($"s3://{file.Bucket}/{file.Key} is missing");
            else if (info.ETag != file.ETag) problems.Add($"s3://{file.Bucket}/{file.Key} differs from what was deployed");
        }

        var region = input.Project.Region;
        var project = await catalog.GetProjectAsync(region, input.Project.DomainId, input.Project.ProjectId, cancellationToken).ConfigureAwait(false);
        if (project.State != ProjectState.Active)
            problems.Add($"project '{project.Name}' is {project.StatusName}");

        var bundle = await bundles.OpenAsync(input.Run.Bundle, cancellationToken).ConfigureAwait(false);
        var target = bundle.Target(input.Target.Name);
        var environments = 0;
        if (target.Environments.Count > 0)
        {
            foreach (var environment in await catalog.ListEnvironmentsAsync(region, input.Project.DomainId, input.Project.ProjectId, cancellationToken).ConfigureAwait(false))
            {
                if (!target.Environments.Any(e => e.EnvironmentConfigurationName == environment.ConfigurationName || e.EnvironmentConfigurationName == environment.Name)) continue;
                environments++;
                if (environment.State != EnvironmentState.Active) problems.Add($"environment '{environment.Name}' is {environment.StatusName}");
            }
        }

        var grants = 0;
        foreach (var subscription in input.Subscriptions ?? [])
        {
            if (subscription.SubscriptionId is null) { problems.Add($"subscription to '{subscription.ListingName}' has no subscription id"); continue; }
            foreach (var grant in await subscriptions.ListGrantsAsync(region, input.Project.DomainId, subscription.SubscriptionId, cancellationToken).ConfigureAwait(false))
            {
                grants++;
                if (grant.State != GrantState.Completed) problems.Add($"grant {grant.Id} of '{subscription.ListingName}' is {grant.StatusName}");
            }
        }

        if (problems.Count > 0)
            throw new PipelineFailure(PipelineErrors.VerificationFailed,
                $"Target '{input.Target.Name}' does not hold what was deployed: {string.Join("; ", problems.Take(10))}" +
                (problems.Count > 10 ? $"; and {problems.Count - 10} more" : "."));

        var verification = new VerificationSummary(record.Files.Count, environments, grants);
        var testsFolder = target.Tests is { } tests ? TestsFolder.Locate(tests.Folder, new BundleFileSet(bundle.Reader.Entries.Select(e => e.Name))) : null;
        if (testsFolder is null)
            return new VerifyResult(false, [], verification);

        // smus_config as smus-cli builds it; the account is the one the pipeline runs in (smus-cli asks STS for it).
        var config = new TestConfig(input.Target.Domain.Region, TestConfig.AccountOf(input.ExecutionArn), input.Project.ProjectId,
            input.Target.ProjectName, input.Project.DomainId, input.Target.Domain.Name, input.Target.Name, target.EnvironmentVariables);
        var variables = TestEnvironment.For(input.Run, input.Target, config, testsFolder,
            reports.Uri(input.Run.PipelineName, input.Target.Name, input.Run.RunId));
        return new VerifyResult(true, [.. variables.Select(v => new BuildVariable(v.Key, v.Value))], verification);
    }

}
