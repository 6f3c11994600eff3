namespace SmusServerless.Core.Manifest;

/// <summary>Which top-level key named the pipeline: <c>pipelineName</c> (until 2025-11) or its later name <c>bundleName</c>.</summary>
public enum ManifestNameKey
{
    PipelineName,
    BundleName,
}

/// <summary>
/// A validated <c>pipeline.yaml</c>, with every <c>${VAR}</c> already substituted.
/// <see cref="Targets"/> keeps manifest order, which is deployment order.
/// </summary>
public sealed record PipelineManifest(
    string Name,
    ManifestNameKey NameKey,
    DomainReference? Domain,
    BundleDefinition Bundle,
    IReadOnlyList<WorkflowDefinition> Workflows,
    IReadOnlyList<TargetDefinition> Targets)
{
    /// <summary>The target named <paramref name="name"/> (exact, case-sensitive, as YAML keys are), or null.</summary>
    public TargetDefinition? FindTarget(string name)
    {
        foreach (var target in Targets)
            if (string.Equals(target.Name, name, StringComparison.Ordinal)) return target;
        return null;
    }

    /// <summary>The target marked <c>default: true</c> (at most one, validation ensures), or null.</summary>
    public TargetDefinition? DefaultTarget
    {
        get
        {
            foreach (var target in Targets)
                if (target.IsDefault) return target;
            return null;
        }
    }

    /// <summary>Targets with a <c>bundle_target_configuration</c>, in manifest order (the others are bundle sources).</summary>
    public IReadOnlyList<TargetDefinition> DeploymentTargets => [.. Targets.Where(t => t.IsDeploymentTarget)];

    /// <summary>True when any workflow needs the Airflow Serverless deployment path.</summary>
    public bool UsesAirflowServerless =>
        Bundle.Workflow.Any(w => w.AirflowServerless) || Workflows.Any(w => w.Engine == WorkflowEngine.AirflowServerless);
}

/// <summary>A DataZone domain by name and the region it lives in.</summary>
public sealed record DomainReference(string Name, string Region);
