using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;
using static SmusServerless.Core.Tests.Manifest.ManifestAssertions;

namespace SmusServerless.Core.Tests.Manifest;

/// <summary>A pipeline-era manifest and its current-format rewrite load into the same model where the formats overlap.</summary>
public class FormatEquivalenceTests
{
    private static readonly PipelineManifest Legacy = AssertValid(ApplicationSamples.PipelineEra);
    private static readonly PipelineManifest Current = AssertValid(ApplicationSamples.CurrentRewrite);

    [Fact]
    public void Both_formats_resolve_to_the_same_targets_in_the_same_order()
    {
        Assert.Equal(Legacy.Targets.Select(Describe), Current.Targets.Select(Describe));
    }

    [Fact]
    public void Both_formats_select_the_same_deployment_targets()
    {
        Assert.Equal(
            DeploymentTargetSelection.Select(Legacy).Targets.Select(t => t.Name),
            DeploymentTargetSelection.Select(Current).Targets.Select(t => t.Name));
    }

    [Fact]
    public void Both_formats_bundle_the_same_storage_selection_and_catalog_assets()
    {
        Assert.Equal(Legacy.Bundle.Storage.Select(s => (string.Join(",", s.Include), string.Join(",", s.Exclude))),
            Current.Bundle.Storage.Select(s => (string.Join(",", s.Include), string.Join(",", s.Exclude))));
        Assert.Equal(Legacy.Bundle.CatalogAssets, Current.Bundle.CatalogAssets);
    }

    [Fact]
    public void Both_formats_deploy_the_same_bundle_file_to_the_same_place()
    {
        // The pipeline format keeps the include's path (storage/src/etl.py); the application format puts the item
        // 'src' at storage/src/ and deploys its contents, so its targetDirectory names the folder.
        var root = S3Uri.Parse("s3://projects/shared");
        foreach (var (legacy, current) in Legacy.Targets.Zip(Current.Targets))
        {
            Assert.Equal(
                Destination(Legacy, legacy, root, "storage/src/etl/job.py"),
                Destination(Current, current, root, "storage/src/etl/job.py"));
        }
    }

    private static string? Destination(PipelineManifest manifest, TargetDefinition target, S3Uri root, string bundlePath) =>
        DeploymentLayout.Destination(bundlePath,
            [.. DeploymentLayout.Mappings(manifest, target).Select(m => new ResolvedDestination(m.BundlePrefix, root, m.Directory))])?.ToString();

    [Fact]
    public void Both_formats_name_the_pipeline_the_same()
    {
        Assert.Equal(Legacy.Name, Current.Name);
    }

    /// <summary>Everything the pipeline steps read of a target, as one comparable string.</summary>
    private static string Describe(TargetDefinition t) => string.Join(" | ",
        t.Name, t.Stage, t.IsDefault, t.Domain.Name, t.Domain.Region, t.Project.Name, t.Create, t.ProfileName,
        string.Join(",", t.Owners), string.Join(",", t.Contributors),
        string.Join(";", t.UserParameters.Select(g => g.EnvironmentConfigurationName + ":" + string.Join(",", g.Parameters))),
        t.Environments.Count, t.IsDeploymentTarget, t.BundleTargetConfiguration?.Workflows, t.SubscribesToCatalog, t.Tests, t.Workflows.Count,
        string.Join(",", t.EnvironmentVariables.OrderBy(v => v.Key, StringComparer.Ordinal)));
}
