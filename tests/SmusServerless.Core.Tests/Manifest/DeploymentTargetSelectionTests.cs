using SmusServerless.Core.Manifest;
using static SmusServerless.Core.Tests.Manifest.ManifestAssertions;

namespace SmusServerless.Core.Tests.Manifest;

public class DeploymentTargetSelectionTests
{
    private static readonly PipelineManifest Manifest = AssertValid(ManifestSamples.TopLevelDomain);

    [Fact]
    public void Without_requested_names_selects_every_deployment_target_in_manifest_order()
    {
        var result = DeploymentTargetSelection.Select(Manifest);

        Assert.True(result.Succeeded);
        Assert.Equal(["test", "prod"], result.Targets.Select(t => t.Name));
    }

    [Fact]
    public void Requested_names_are_deployed_in_manifest_order_not_request_order()
    {
        var result = DeploymentTargetSelection.Select(Manifest, ["prod", "test"]);

        Assert.Equal(["test", "prod"], result.Targets.Select(t => t.Name));
    }

    [Fact]
    public void Refuses_an_unknown_target_naming_the_known_ones()
    {
        var result = DeploymentTargetSelection.Select(Manifest, ["staging"]);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Targets);
        Assert.Equal("unknown target 'staging' (targets: dev, test, prod)", Assert.Single(result.Errors));
    }

    [Fact]
    public void Refuses_a_source_target_that_has_no_bundle_target_configuration()
    {
        var result = DeploymentTargetSelection.Select(Manifest, ["dev", "prod"]);

        Assert.Contains("target 'dev' has no 'bundle_target_configuration'", Assert.Single(result.Errors));
    }

    [Fact]
    public void Reports_when_the_manifest_has_no_deployment_target()
    {
        var manifest = AssertValid("pipelineName: Only\ntargets:\n  dev: {domain: {name: d, region: us-east-1}, project: p}\n");

        var result = DeploymentTargetSelection.Select(manifest);

        Assert.False(result.Succeeded);
    }
}
