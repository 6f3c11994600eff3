namespace SmusServerless.Core.Manifest;

/// <summary>The targets a run deploys to, in order, or why the request cannot be served.</summary>
public sealed record DeploymentTargetSelectionResult(IReadOnlyList<TargetDefinition> Targets, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Chooses the deployment targets of a run: as in the SMUS CLI, a target without <c>bundle_target_configuration</c>
/// is a source, not a deployment target; in the application format every stage is a deployment target. Without requested names, every deployment target in manifest order;
/// with names, exactly those, still in manifest order (deployment order is the manifest's, never the event's).
/// </summary>
public static class DeploymentTargetSelection
{
    public static DeploymentTargetSelectionResult Select(PipelineManifest manifest, IReadOnlyCollection<string>? requested = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (requested is null || requested.Count == 0)
        {
            var all = manifest.DeploymentTargets;
            return all.Count == 0
                ? new DeploymentTargetSelectionResult([], ["the manifest has no deployment target (a target with 'bundle_target_configuration')"])
                : new DeploymentTargetSelectionResult(all, []);
        }

        var errors = new List<string>();
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in requested)
        {
            if (!wanted.Add(name)) continue;
            var target = manifest.FindTarget(name);
            if (target is null)
                errors.Add($"unknown target '{name}' (targets: {string.Join(", ", manifest.Targets.Select(t => t.Name))})");
            else if (!target.IsDeploymentTarget)
                errors.Add($"target '{name}' has no 'bundle_target_configuration', so it is a bundle source, not a deployment target");
        }
        if (errors.Count > 0) return new DeploymentTargetSelectionResult([], errors);
        return new DeploymentTargetSelectionResult([.. manifest.Targets.Where(t => wanted.Contains(t.Name))], []);
    }
}
