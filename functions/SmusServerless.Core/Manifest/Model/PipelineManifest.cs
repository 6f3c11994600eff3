namespace SmusServerless.Core.Manifest;

/// <summary>
/// Which top-level key named the pipeline: <c>pipelineName</c> (until 2025-11), its later name <c>bundleName</c>, or
/// <c>applicationName</c> (smus-cli's current application manifest).
/// </summary>
public enum ManifestNameKey
{
    PipelineName,
    BundleName,
    ApplicationName,
}

/// <summary>The shape a manifest file is written in. Both load into one <see cref="PipelineManifest"/>.</summary>
public enum ManifestFormat
{
    /// <summary>The 2025 <c>pipeline.yaml</c>: <c>pipelineName</c> (or <c>bundleName</c>), <c>bundle</c>, <c>targets</c>.</summary>
    Pipeline,

    /// <summary>smus-cli's current application manifest: <c>applicationName</c>, <c>content</c>, <c>stages</c>.</summary>
    Application,
}

/// <summary>
/// A validated manifest, with every <c>${VAR}</c> already substituted, in either <see cref="ManifestFormat"/>.
/// <see cref="Targets"/> keeps manifest order, which is deployment order. In the application format every
/// <c>stages.&lt;name&gt;</c> is a target (and a deployment target); its <c>content</c> is also mapped onto
/// <see cref="Bundle"/> and <see cref="Workflows"/> where the meanings coincide.
/// </summary>
public sealed record PipelineManifest(
    string Name,
    ManifestNameKey NameKey,
    DomainReference? Domain,
    BundleDefinition Bundle,
    IReadOnlyList<WorkflowDefinition> Workflows,
    IReadOnlyList<TargetDefinition> Targets)
{
    /// <summary>The shape the file was written in.</summary>
    public ManifestFormat Format { get; init; } = ManifestFormat.Pipeline;

    /// <summary>The application format's <c>content</c> as written (null in the pipeline format).</summary>
    public ApplicationContent? Content { get; init; }

    /// <summary>The application format's top-level <c>tests</c> (also given to every target as <see cref="TargetDefinition.Tests"/>).</summary>
    public TestsDefinition? Tests { get; init; }

    /// <summary>The application format's <c>monitoring</c>, or null when not written.</summary>
    public MonitoringDefinition? Monitoring { get; init; }

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

/// <summary>
/// A DataZone domain by name and the region it lives in. In the application format a stage may select its domain
/// by <see cref="Tags"/> instead (then <see cref="Name"/> is ""), to be resolved to exactly one domain, or give only
/// the region, as smus-cli then takes the region's only domain (<see cref="IsRegionsOnlyDomain"/>).
/// </summary>
public sealed record DomainReference(string Name, string Region)
{
    /// <summary><c>domain.tags</c>, or null when the domain is given by name.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>True when the domain is found by its tags, not its name.</summary>
    public bool IsSelectedByTags => Name.Length == 0 && Tags is { Count: > 0 };

    /// <summary>True when neither name nor tags are given: the region must have exactly one domain.</summary>
    public bool IsRegionsOnlyDomain => Name.Length == 0 && Tags is not { Count: > 0 } && Region.Length > 0;
}
