using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;
using SmusServerless.Core.Tests.Manifest;
using static SmusServerless.Core.Tests.Manifest.ManifestAssertions;

namespace SmusServerless.Core.Tests.Pipeline;

public sealed class DeploymentLayoutTests
{
    private static readonly ResolvedDestination[] Destinations =
    [
        new("storage/", S3Uri.Parse("s3://project-bucket/shared/"), "src"),
        new("workflows/", S3Uri.Parse("s3://project-bucket/shared"), "workflows"),
    ];

    [Fact]
    public void Storage_files_go_under_the_connection_and_directory()
    {
        Assert.Equal("s3://project-bucket/shared/src/src/etl.py", DeploymentLayout.Destination("storage/src/etl.py", Destinations)!.ToString());
    }

    [Fact]
    public void Workflow_files_go_under_the_workflows_directory()
    {
        Assert.Equal("s3://project-bucket/shared/workflows/dags/a.py", DeploymentLayout.Destination("workflows/dags/a.py", Destinations)!.ToString());
    }

    [Theory]
    [InlineData("pipeline.yaml")]
    [InlineData("bundle.json")]
    [InlineData("tests/test_a.py")]
    public void Files_outside_a_configured_area_are_not_deployed(string path)
    {
        Assert.Null(DeploymentLayout.Destination(path, Destinations));
    }

    [Fact]
    public void Area_without_a_destination_is_not_deployed()
    {
        Assert.Null(DeploymentLayout.Destination("workflows/dags/a.py", [Destinations[0]]));
    }

    [Fact]
    public void A_file_under_two_destinations_goes_to_both()
    {
        ResolvedDestination[] twice =
        [
            new("storage/code/", S3Uri.Parse("s3://b/shared"), "one"),
            new("storage/code/", S3Uri.Parse("s3://b/shared"), "two"),
        ];

        Assert.Equal(["s3://b/shared/one/a.py", "s3://b/shared/two/a.py"], DeploymentLayout.Destinations("storage/code/a.py", twice).Select(d => d.ToString()));
    }

    [Fact]
    public void A_prefix_deployed_as_an_archive_deploys_none_of_its_files_one_by_one()
    {
        ResolvedDestination[] archived = [new("storage/code/", S3Uri.Parse("s3://b/shared"), "app") { ArchiveName = "code.tar.gz" }];

        Assert.Empty(DeploymentLayout.Destinations("storage/code/a.py", archived));
        Assert.Equal("s3://b/shared/app/code.tar.gz", archived[0].ArchiveLocation.ToString());
    }

    [Fact]
    public void A_pipeline_format_target_maps_the_storage_and_workflows_areas()
    {
        var manifest = AssertValid(ApplicationSamples.PipelineEra);

        var mapping = Assert.Single(DeploymentLayout.Mappings(manifest, manifest.FindTarget("dev")!));

        Assert.Equal(new DeploymentMapping("storage/", "default.s3_shared", "app", "targets.dev.bundle_target_configuration.storage"), mapping);
    }

    [Fact]
    public void An_application_stage_maps_each_storage_git_and_workflow_destination_it_names()
    {
        var manifest = AssertValid(ApplicationSamples.EveryKey);

        var mappings = DeploymentLayout.Mappings(manifest, manifest.FindTarget("test")!);

        Assert.Equal(
            [
                ("storage/code/", "default.s3_shared", "app/code", "code.tar.gz"),
                ("storage/models/", "default.s3_shared", "app/models", null),
                ("repositories/shared-utils/", "default.s3_shared", "repositories/shared-utils", null),
                ("workflows/", "default.workflow_serverless", "workflows", null),
            ],
            mappings.Select(m => (m.BundlePrefix, m.ConnectionName, m.Directory, m.ArchiveName)));
        Assert.Equal("stages.test.deployment_configuration.git[0]", mappings[2].ManifestPath);
    }

    [Fact]
    public void A_stage_without_deployment_configuration_maps_every_storage_item_to_bundle_on_the_shared_connection_and_no_git()
    {
        var manifest = AssertValid(ApplicationSamples.EveryKey);

        var mappings = DeploymentLayout.Mappings(manifest, manifest.FindTarget("dev")!);

        Assert.Equal(
            [("storage/code/", "default.s3_shared", "bundle/code"), ("storage/models/", "default.s3_shared", "bundle/models")],
            mappings.Select(m => (m.BundlePrefix, m.ConnectionName, m.Directory)));
    }

    [Fact]
    public void A_stage_maps_only_the_items_it_names()
    {
        var manifest = AssertValid(ApplicationSamples.EveryKey.Replace(
            "        - name: models\n          connectionName: default.s3_shared\n          targetDirectory: app/models\n", "", StringComparison.Ordinal));

        var mappings = DeploymentLayout.Mappings(manifest, manifest.FindTarget("test")!);

        Assert.DoesNotContain(mappings, m => m.BundlePrefix == "storage/models/");
    }
}
