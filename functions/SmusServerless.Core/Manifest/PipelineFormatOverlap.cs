namespace SmusServerless.Core.Manifest;

/// <summary>
/// What of an application-format stage has no pipeline-format member to land on, so that a step which reads only
/// the pipeline-format members (<see cref="BundleDefinition"/>, <see cref="BundleTargetConfiguration"/>,
/// <see cref="PipelineManifest.Workflows"/>) can stop before changing anything, saying which part it cannot serve yet.
/// Empty for a pipeline-format manifest. Storage and git items, on as many destinations as the stage names and
/// compressed or not, are deployed (<see cref="SmusServerless.Core.Pipeline.DeploymentLayout"/>), so they are not listed.
/// </summary>
public static class PipelineFormatOverlap
{
    public static IReadOnlyList<string> Unmapped(PipelineManifest manifest, TargetDefinition target)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(target);
        if (manifest.Format != ManifestFormat.Application) return [];

        var content = manifest.Content ?? ApplicationContent.Empty;
        var path = $"stages.{target.Name}";
        var gaps = new List<string>();
        if (target.BootstrapActions.Count > 0)
            gaps.Add($"{path}.bootstrap.actions ({string.Join(", ", target.BootstrapActions.Select(a => a.Type))})");
        if (content.Storage.Any(s => !s.FromCheckout))
            gaps.Add($"content.storage items taken from a connection ({string.Join(", ", content.Storage.Where(s => !s.FromCheckout).Select(s => s.Name))})");
        if (content.QuickSight.Count > 0 || target.DeploymentConfiguration?.QuickSight is not null)
            gaps.Add("QuickSight assets (content.quicksight)");
        // project.role.arn is built (CreateProject's project execution role); attaching policies needs IAM, not built yet.
        if (target.Project.Role is { Policies.Count: > 0 })
            gaps.Add($"{path}.project.role.policies (attaching managed policies to the project's role)");
        if (manifest.Monitoring?.EventBridge is { Enabled: true })
            gaps.Add("monitoring.eventbridge (deployment events)");
        return gaps;
    }
}
