namespace SmusServerless.Core.Manifest.Validation;

/// <summary>
/// Where the application format's parts land in the one model. Kept as written: <see cref="PipelineManifest.Content"/>,
/// <see cref="PipelineManifest.Tests"/>, <see cref="PipelineManifest.Monitoring"/> and each stage's own members. Also
/// mapped onto the pipeline-format members, so the existing steps serve what the two formats share:
/// <list type="bullet">
/// <item><c>applicationName</c> → <see cref="PipelineManifest.Name"/>; each stage → a target (always a deployment target).</item>
/// <item><c>content.storage[]</c> → <see cref="BundleDefinition.Storage"/> (connection "" when the item comes from the checkout);
/// <c>content.catalog</c> → <see cref="BundleDefinition.Catalog"/>; <c>content.workflows[]</c> → <see cref="PipelineManifest.Workflows"/>
/// (scalar parameters; the engine from the connection).</item>
/// <item><c>tests</c> → every target's <see cref="TargetDefinition.Tests"/>; <c>project.userParameters</c> → <see cref="TargetDefinition.UserParameters"/>.</item>
/// <item><c>deployment_configuration.workflows</c> → <see cref="BundleTargetConfiguration.Workflows"/>; <c>catalog.disable</c> →
/// <see cref="BundleTargetConfiguration.CatalogDisabled"/>. The stage's storage and git destinations stay per item
/// (<see cref="TargetDefinition.StorageDeployments"/>, <see cref="StageDeploymentConfiguration.Git"/>) and are deployed
/// by <see cref="SmusServerless.Core.Pipeline.DeploymentLayout.Mappings"/>; <see cref="BundleTargetConfiguration.Storage"/> stays null.</item>
/// </list>
/// QuickSight and bootstrap actions have no pipeline-format counterpart (<see cref="PipelineFormatOverlap"/>).
/// </summary>
internal static class ApplicationMapping
{
    public static PipelineManifest ToManifest(string name, ApplicationContent content, TestsDefinition? tests,
        MonitoringDefinition? monitoring, IReadOnlyList<TargetDefinition> targets) =>
        new(name, ManifestNameKey.ApplicationName, null, ToBundle(content), [.. content.Workflows.Select(ToWorkflow)], targets)
        {
            Format = ManifestFormat.Application,
            Content = content,
            Tests = tests,
            Monitoring = monitoring,
        };

    public static TargetDefinition ToTarget(string name, string? stage, bool isDefault, DomainReference? domain, ProjectDefinition? project,
        StageDeploymentConfiguration? configuration, ApplicationContent content, TestsDefinition? tests,
        IReadOnlyDictionary<string, string> variables)
    {
        var storage = configuration is null
            ? [.. content.Storage.Select(s => StorageDeployment.DefaultFor(s.Name))]
            : configuration.Storage;
        var bundleTarget = new BundleTargetConfiguration(null, configuration?.Workflows, null, configuration?.CatalogDisabled ?? false);
        return new TargetDefinition(name, stage, isDefault, domain ?? new DomainReference("", ""), false,
            project ?? new ProjectDefinition("", false, null, null, null), null, bundleTarget, [], tests, variables)
        {
            DeploymentConfiguration = configuration,
            StorageDeployments = storage,
        };
    }

    private static BundleDefinition ToBundle(ApplicationContent content) => new(
        BundleDefinition.DefaultBundlesDirectory,
        [],
        [.. content.Storage.Select(s => new BundleConnection(s.ConnectionName ?? "", s.Append, s.Include, s.Exclude, false))],
        null,
        content.Catalog);

    private static WorkflowDefinition ToWorkflow(ContentWorkflow workflow) => new(
        workflow.WorkflowName,
        workflow.ConnectionName,
        workflow.Engine,
        workflow.Parameters
            .Where(p => p.Value is ManifestScalarValue)
            .ToDictionary(p => p.Key, p => ((ManifestScalarValue)p.Value).Scalar, StringComparer.Ordinal),
        WorkflowLogging.Console);
}
