using SmusServerless.Core.Manifest;
using static SmusServerless.Core.Tests.Manifest.ManifestAssertions;

namespace SmusServerless.Core.Tests.Manifest;

/// <summary>The derived values every pipeline step uses, computed from what the manifest writes.</summary>
public class TargetDefinitionTests
{
    private static TargetDefinition Prod(string projectAndMore) =>
        AssertValid(MinimalWith("project: {name: prod-project, create: true}", projectAndMore)).FindTarget("prod")!;

    [Fact]
    public void Stage_defaults_to_the_upper_case_target_name()
    {
        Assert.Equal("PROD", Prod("project: {name: p}").Stage);
    }

    [Fact]
    public void Declared_stage_is_kept_as_written()
    {
        Assert.Equal("production", Prod("project: {name: p}\n    stage: production").Stage);
    }

    [Theory]
    [InlineData("project: {name: p}", false)]
    [InlineData("project: {name: p, create: true}", true)]
    [InlineData("project: {name: p}\n    initialization: {project: {create: true}}", true)]
    [InlineData("project: {name: p, create: false}\n    initialization: {project: {create: false}}", false)]
    public void Create_is_project_create_or_initialization_create(string yaml, bool create)
    {
        Assert.Equal(create, Prod(yaml).Create);
    }

    [Theory]
    [InlineData("project: {name: p}", "All capabilities")]
    [InlineData("project: {name: p, profile_name: SQL analytics}", "SQL analytics")]
    [InlineData("project: {name: p, profileName: SQL analytics}", "SQL analytics")]
    [InlineData("project: {name: p}\n    initialization: {project: {profileName: Data science}}", "Data science")]
    [InlineData("project: {name: p}\n    initialization: {project: {profile_name: Data science}}", "Data science")]
    [InlineData("project: {name: p, profile_name: Same}\n    initialization: {project: {profileName: Same}}", "Same")]
    public void Profile_name_is_taken_from_wherever_it_is_written(string yaml, string profile)
    {
        Assert.Equal(profile, Prod(yaml).ProfileName);
    }

    [Fact]
    public void Owners_and_contributors_come_from_initialization_project_when_written_there()
    {
        var target = Prod("project: {name: p, owners: [a], contributors: [b]}\n    initialization: {project: {owners: [c, d]}}");

        Assert.Equal(["c", "d"], target.Owners);
        Assert.Equal(["b"], target.Contributors);
    }

    [Fact]
    public void Owners_come_from_project_when_initialization_has_none()
    {
        var target = Prod("project: {name: p, owners: [a]}");

        Assert.Equal(["a"], target.Owners);
        Assert.Empty(target.Contributors);
    }

    [Fact]
    public void Project_may_be_written_as_its_bare_name()
    {
        var target = Prod("project: prod-marketing");

        Assert.Equal("prod-marketing", target.Project.Name);
        Assert.False(target.Create);
    }

    [Fact]
    public void Bundle_name_is_accepted_as_the_later_name_of_pipeline_name()
    {
        var manifest = AssertValid(MinimalWith("pipelineName: Minimal", "bundleName: Later"));

        Assert.Equal("Later", manifest.Name);
        Assert.Equal(ManifestNameKey.BundleName, manifest.NameKey);
    }

    [Fact]
    public void Targets_keep_manifest_order_and_only_configured_ones_are_deployment_targets()
    {
        var manifest = AssertValid(ManifestSamples.TopLevelDomain);

        Assert.Equal(["dev", "test", "prod"], manifest.Targets.Select(t => t.Name));
        Assert.Equal(["test", "prod"], manifest.DeploymentTargets.Select(t => t.Name));
        Assert.Equal("dev", manifest.DefaultTarget!.Name);
    }

    [Fact]
    public void Catalog_assets_accept_an_asset_id_selector_with_write_permission()
    {
        var manifest = AssertValid(MinimalWith("bundle:\n", "bundle:\n  catalog: {assets: [{selector: {assetId: a1b2c3d4e5}, permission: WRITE}]}\n"));

        var asset = Assert.Single(manifest.Bundle.CatalogAssets);
        Assert.Equal(new AssetIdSelector("a1b2c3d4e5"), asset.Selector);
        Assert.Equal(AssetPermission.Write, asset.Permission);
        Assert.Equal(CatalogAsset.DefaultRequestReason, asset.RequestReason);
    }

    [Fact]
    public void Workflow_parameters_and_environment_variables_keep_their_written_text()
    {
        var manifest = AssertValid(MinimalWith("pipelineName: Minimal",
                "pipelineName: Minimal\nworkflows: [{workflowName: w, engine: airflow-serverless, parameters: {retries: 3, debug: true, env: dev}}]")
            .Replace("create: true}", "create: true}\n    environment_variables: {MAX_RETRIES: 3, DEBUG_MODE: true, RATE: 0.5}", StringComparison.Ordinal));

        var parameters = Assert.Single(manifest.Workflows).Parameters;
        Assert.Equal(new ManifestScalar("3", ManifestScalarKind.Integer), parameters["retries"]);
        Assert.Equal(new ManifestScalar("true", ManifestScalarKind.Boolean), parameters["debug"]);
        Assert.Equal(new ManifestScalar("dev", ManifestScalarKind.String), parameters["env"]);
        var variables = manifest.FindTarget("prod")!.EnvironmentVariables;
        Assert.Equal(("3", "true", "0.5"), (variables["MAX_RETRIES"], variables["DEBUG_MODE"], variables["RATE"]));
    }

    [Fact]
    public void Bundle_defaults_apply_when_not_written()
    {
        var manifest = AssertValid(ManifestSamples.Minimal);

        Assert.Equal("./bundles", manifest.Bundle.BundlesDirectory);
        var storage = Assert.Single(manifest.Bundle.Storage);
        Assert.Null(storage.Append);
        Assert.False(storage.AirflowServerless);
        Assert.Empty(storage.Exclude);
    }
}
