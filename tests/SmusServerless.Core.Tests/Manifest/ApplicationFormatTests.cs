using SmusServerless.Core.Manifest;
using static SmusServerless.Core.Tests.Manifest.ManifestAssertions;

namespace SmusServerless.Core.Tests.Manifest;

/// <summary>How the application format's keys land in the one model (one behaviour per test).</summary>
public class ApplicationFormatTests
{
    private static readonly PipelineManifest EveryKey = AssertValid(ApplicationSamples.EveryKey);
    private static TargetDefinition Test => EveryKey.FindTarget("test")!;

    /// <summary>The minimal manifest with <paramref name="lines"/> added to its dev stage.</summary>
    private static string WithDevLines(string lines) => ApplicationSamples.Minimal + "\n" + lines;

    [Fact]
    public void Every_stage_is_a_deployment_target_in_manifest_order()
    {
        Assert.Equal(["dev", "test"], EveryKey.Targets.Select(t => t.Name));
        Assert.Equal(["dev", "test"], EveryKey.DeploymentTargets.Select(t => t.Name));
    }

    [Fact]
    public void Stage_any_non_empty_string_is_the_targets_stage()
    {
        var yaml = ApplicationSamples.Minimal.Replace("stage: DEV", "stage: 'release candidate 1'", StringComparison.Ordinal);

        Assert.Equal("release candidate 1", AssertValid(yaml).Targets[0].Stage);
    }

    [Fact]
    public void Stage_branch_and_default_are_read()
    {
        var dev = EveryKey.FindTarget("dev")!;

        Assert.Equal(("main", true), (dev.Branch, dev.IsDefault));
        Assert.Same(dev, EveryKey.DefaultTarget);
    }

    [Fact]
    public void Storage_items_keep_connection_include_exclude_and_append()
    {
        var models = EveryKey.Content!.FindStorage("models")!;

        Assert.Equal(new StorageItem("models", "default.s3_shared", models.Include, models.Exclude, true), models);
        Assert.Equal(["models/"], models.Include);
        Assert.False(models.FromCheckout);
    }

    [Fact]
    public void Storage_items_are_also_the_bundles_storage_with_an_empty_connection_for_checkout_items()
    {
        Assert.Equal(["", "default.s3_shared"], EveryKey.Bundle.Storage.Select(s => s.ConnectionName));
        Assert.Equal([false, true], EveryKey.Bundle.Storage.Select(s => s.Append!.Value));
    }

    [Fact]
    public void Git_items_keep_repository_url_branch_include_and_exclude()
    {
        var git = Assert.Single(EveryKey.Content!.Git);

        Assert.Equal(("shared-utils", "https://github.com/example/shared-utils.git", "release"), (git.Repository, git.Url, git.Branch));
        Assert.Equal(["lib/"], git.Include);
        Assert.Equal(["tests/"], git.Exclude);
    }

    [Fact]
    public void Catalog_assets_are_the_bundles_catalog()
    {
        Assert.Equal([new SearchAssetSelector("GlueTable", "sales_db.orders"), new AssetIdSelector("asset-123")],
            EveryKey.Bundle.CatalogAssets.Select(a => a.Selector));
        Assert.Equal([AssetPermission.Read, AssetPermission.Write], EveryKey.Bundle.CatalogAssets.Select(a => a.Permission));
        Assert.Equal("default.domain", EveryKey.Bundle.Catalog!.ConnectionName);
    }

    [Fact]
    public void QuickSight_assets_are_read()
    {
        Assert.Equal(new QuickSightAsset("Sales Dashboard", QuickSightAssetType.Dashboard, "quicksight/sales.qs", true),
            Assert.Single(EveryKey.Content!.QuickSight));
    }

    [Fact]
    public void Workflows_keep_parameters_of_any_shape_and_map_scalar_ones_onto_the_workflow_definitions()
    {
        var content = Assert.Single(EveryKey.Content!.Workflows);
        var workflow = Assert.Single(EveryKey.Workflows);

        Assert.IsType<ManifestMapValue>(content.Parameters["nested"]);
        Assert.Equal(("etl_pipeline", "default.workflow_serverless", WorkflowEngine.AirflowServerless),
            (workflow.WorkflowName, workflow.ConnectionName, workflow.Engine));
        Assert.Equal(["mode", "retries"], workflow.Parameters.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Tests_folder_is_the_manifests_and_every_targets()
    {
        Assert.Equal(new TestsDefinition("app_tests/"), EveryKey.Tests);
        Assert.All(EveryKey.Targets, t => Assert.Equal(EveryKey.Tests, t.Tests));
    }

    [Fact]
    public void Monitoring_eventbridge_keeps_every_setting()
    {
        Assert.Equal(new EventBridgeMonitoring(true, "app-events", false), EveryKey.Monitoring!.EventBridge);
    }

    [Fact]
    public void Project_create_profile_and_members_are_what_the_pipeline_steps_read()
    {
        Assert.Equal(("test-project", true, "All capabilities"), (Test.Project.Name, Test.Create, Test.ProfileName));
        Assert.Equal(["alice", "arn:aws:iam::123456789012:role/Admin"], Test.Owners);
        Assert.Equal(["bob"], Test.Contributors);
    }

    [Fact]
    public void Project_role_is_read()
    {
        Assert.Equal("arn:aws:iam::123456789012:role/ProjectRole", Test.Project.Role!.Arn);
        Assert.Equal(["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"], Test.Project.Role.Policies);
    }

    [Fact]
    public void Project_user_parameters_are_the_targets_user_parameters()
    {
        var group = Assert.Single(Test.UserParameters);

        Assert.Equal("Lakehouse Database", group.EnvironmentConfigurationName);
        Assert.Equal(new UserParameter("glueDbName", "test_db"), Assert.Single(group.Parameters));
    }

    [Fact]
    public void Bootstrap_actions_keep_order_type_and_parameters()
    {
        Assert.Equal(["workflow.create", "workflow.run"], Test.BootstrapActions.Select(a => a.Type));
        Assert.Equal("true", Test.BootstrapActions[1].Parameters["trailLogs"].Text);
    }

    [Fact]
    public void Deployment_configuration_storage_items_are_the_stages_storage_destinations()
    {
        Assert.Equal(
            [new StorageDeployment("code", "default.s3_shared", "app/code", "tar.gz"), new StorageDeployment("models", "default.s3_shared", "app/models", null)],
            Test.StorageDeployments);
    }

    [Fact]
    public void Storage_destinations_stay_per_item_and_not_on_the_pipeline_format_storage_destination()
    {
        Assert.Null(Test.BundleTargetConfiguration!.Storage);
    }

    [Fact]
    public void Deployment_configuration_workflows_git_catalog_and_quicksight_are_read()
    {
        var configuration = Test.DeploymentConfiguration!;

        Assert.Equal(new DeploymentDestination("default.workflow_serverless", "workflows"), Test.BundleTargetConfiguration!.Workflows);
        Assert.Equal(new GitDeployment("shared-utils", "default.s3_shared", "repositories/shared-utils"), Assert.Single(configuration.Git));
        Assert.False(Test.SubscribesToCatalog);
        var permissions = Assert.Single(configuration.QuickSight!.Assets);
        Assert.Equal(("Sales Dashboard", 1, 1), (permissions.Name, permissions.Owners.Count, permissions.Viewers.Count));
        Assert.IsType<ManifestMapValue>(configuration.QuickSight.OverrideParameters["ResourceIdOverrideConfiguration"]);
    }

    [Fact]
    public void A_stage_without_deployment_configuration_gets_every_storage_item_under_bundle_on_the_shared_connection()
    {
        var dev = EveryKey.FindTarget("dev")!;

        Assert.Null(dev.DeploymentConfiguration);
        Assert.Equal(
            [new StorageDeployment("code", "default.s3_shared", "bundle/code", null), new StorageDeployment("models", "default.s3_shared", "bundle/models", null)],
            dev.StorageDeployments);
    }

    [Fact]
    public void A_single_storage_destination_is_deployed_from_the_items_own_folder()
    {
        var manifest = AssertValid(ApplicationSamples.Minimal);

        var mapping = Assert.Single(SmusServerless.Core.Pipeline.DeploymentLayout.Mappings(manifest, manifest.Targets[0]));

        Assert.Equal(("storage/code/", "default.s3_shared", "bundle/code"), (mapping.BundlePrefix, mapping.ConnectionName, mapping.Directory));
    }

    [Fact]
    public void A_storage_item_name_must_be_one_folder_name()
    {
        var yaml = ApplicationSamples.Minimal.Replace("- name: code", "- name: code/lib", StringComparison.Ordinal);

        var error = AssertError(yaml, "content.storage[0].name", DiagnosticCodes.Pattern);

        Assert.Contains("storage/<name>/", error.Message);
    }

    [Fact]
    public void A_deployment_configuration_git_name_must_be_a_content_git_repository()
    {
        var yaml = ApplicationSamples.EveryKey.Replace("        - name: shared-utils\n", "        - name: shared-util\n", StringComparison.Ordinal);

        var error = AssertError(yaml, "stages.test.deployment_configuration.git[0].name", DiagnosticCodes.UnknownContent);

        Assert.Contains("did you mean 'shared-utils'?", error.Message);
    }

    [Fact]
    public void Environment_variables_are_read_as_strings()
    {
        Assert.Equal(new Dictionary<string, string> { ["S3_PREFIX"] = "test", ["DEBUG_MODE"] = "false" }, Test.EnvironmentVariables);
    }

    [Fact]
    public void Environment_variables_that_are_not_strings_are_refused_as_smus_clis_schema_refuses_them()
    {
        var yaml = WithDevLines("    environment_variables: {DEBUG: true}\n");

        var error = AssertError(yaml, "stages.dev.environment_variables.DEBUG", DiagnosticCodes.WrongType);

        Assert.Contains("quote it", error.Message);
    }

    [Fact]
    public void A_domain_given_only_by_its_region_is_the_regions_only_domain()
    {
        var yaml = ApplicationSamples.Minimal.Replace("domain: {name: studio-domain, region: us-east-1}", "domain: {region: us-east-1}", StringComparison.Ordinal);

        Assert.True(AssertValid(yaml).Targets[0].Domain.IsRegionsOnlyDomain);
    }

    [Fact]
    public void Variables_are_substituted_in_application_manifests()
    {
        var yaml = ApplicationSamples.Minimal.Replace("region: us-east-1", "region: '${DEV_REGION:us-east-1}'", StringComparison.Ordinal);

        Assert.Equal("eu-west-1", AssertValid(yaml, new Dictionary<string, string> { ["DEV_REGION"] = "eu-west-1" }).Targets[0].Domain.Region);
    }

    [Fact]
    public void A_bare_project_name_is_refused_as_smus_clis_schema_refuses_it()
    {
        var yaml = ApplicationSamples.Minimal.Replace("project: {name: dev-project}", "project: dev-project", StringComparison.Ordinal);

        AssertError(yaml, "stages.dev.project", DiagnosticCodes.WrongType);
    }

    [Theory]
    [InlineData("    stage: DEV\n", "stages.dev.stage")]
    [InlineData("    domain: {name: studio-domain, region: us-east-1}\n", "stages.dev.domain")]
    [InlineData("    project: {name: dev-project}", "stages.dev.project")]
    public void A_stage_needs_stage_domain_and_project(string removed, string path)
    {
        Assert.Contains(removed, ApplicationSamples.Minimal);

        AssertError(ApplicationSamples.Minimal.Replace(removed, "", StringComparison.Ordinal).TrimEnd() + "\n", path, DiagnosticCodes.Required);
    }

    [Fact]
    public void A_missing_application_name_says_what_names_the_application()
    {
        var error = AssertError(ApplicationSamples.Minimal.Replace("applicationName: MinimalApp\n", "", StringComparison.Ordinal),
            "applicationName", DiagnosticCodes.Required);

        Assert.DoesNotContain("bundleName", error.Message);
    }

    [Fact]
    public void Application_name_follows_the_schemas_pattern()
    {
        AssertError(ApplicationSamples.Minimal.Replace("applicationName: MinimalApp", "applicationName: 'my app'", StringComparison.Ordinal),
            "applicationName", DiagnosticCodes.Pattern);
    }

    [Fact]
    public void Diagnostics_point_at_file_line_and_column()
    {
        var yaml = ApplicationSamples.Minimal.Replace("project: {name: dev-project}", "project: {name: dev-project, owner: a}", StringComparison.Ordinal);

        var error = AssertError(yaml, "stages.dev.project.owner", DiagnosticCodes.UnknownKey);

        Assert.StartsWith("pipeline.yaml:10:34: stages.dev.project.owner: unknown key 'owner'", error.ToString());
    }

    [Fact]
    public void A_deployment_configuration_storage_name_must_be_a_content_storage_item()
    {
        var yaml = WithDevLines("    deployment_configuration:\n      storage:\n        - {name: cod, connectionName: default.s3_shared}\n");

        var error = AssertError(yaml, "stages.dev.deployment_configuration.storage[0].name", DiagnosticCodes.UnknownContent);

        Assert.Contains("did you mean 'code'?", error.Message);
    }

    [Fact]
    public void A_storage_item_name_is_declared_once()
    {
        var yaml = ApplicationSamples.Minimal.Replace("    - name: code\n      include: ['src/']\n",
            "    - name: code\n      include: ['src/']\n    - name: code\n      include: ['lib/']\n", StringComparison.Ordinal);

        AssertError(yaml, "content.storage[1].name", DiagnosticCodes.DuplicateName);
    }

    [Fact]
    public void A_target_directory_stays_inside_the_connection()
    {
        var yaml = WithDevLines("    deployment_configuration:\n      storage:\n        - {name: code, connectionName: default.s3_shared, targetDirectory: ../up}\n");

        AssertError(yaml, "stages.dev.deployment_configuration.storage[0].targetDirectory", DiagnosticCodes.UnsafePath);
    }

    [Fact]
    public void Only_one_stage_may_be_the_default()
    {
        var yaml = WithDevLines("    default: true\n  prod: {stage: PROD, default: true, domain: {name: d, region: us-east-1}, project: {name: p}}\n");

        AssertError(yaml, "stages.prod.default", DiagnosticCodes.MultipleDefaults);
    }

    [Fact]
    public void Unknown_keys_in_deployment_configuration_catalog_only_warn_as_smus_clis_schema_lets_them_through()
    {
        var yaml = WithDevLines("    deployment_configuration:\n      catalog: {disable: true, note: later}\n");

        var result = Load(yaml);

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.Equal("stages.dev.deployment_configuration.catalog.note", Assert.Single(result.Warnings).Path);
    }

    [Fact]
    public void Named_stages_are_deployed_in_manifest_order()
    {
        var result = DeploymentTargetSelection.Select(EveryKey, ["test", "dev"]);

        Assert.Equal(["dev", "test"], result.Targets.Select(t => t.Name));
    }
}
