using SmusServerless.Core.Manifest;
using static SmusServerless.Core.Tests.Manifest.ManifestAssertions;

namespace SmusServerless.Core.Tests.Manifest;

public class PipelineFormatOverlapTests
{
    [Fact]
    public void A_pipeline_format_manifest_has_nothing_unmapped()
    {
        var manifest = AssertValid(ManifestSamples.DemoMarketing);

        Assert.All(manifest.Targets, t => Assert.Empty(PipelineFormatOverlap.Unmapped(manifest, t)));
    }

    [Fact]
    public void A_rewrite_of_a_pipeline_format_manifest_has_nothing_unmapped()
    {
        var manifest = AssertValid(ApplicationSamples.CurrentRewrite);

        Assert.All(manifest.Targets, t => Assert.Empty(PipelineFormatOverlap.Unmapped(manifest, t)));
    }

    [Fact]
    public void Bootstrap_actions_quicksight_connection_items_role_tags_and_events_are_named_as_unmapped()
    {
        var manifest = AssertValid(ApplicationSamples.EveryKey);

        var gaps = PipelineFormatOverlap.Unmapped(manifest, manifest.FindTarget("test")!);

        Assert.Collection(gaps,
            g => Assert.StartsWith("stages.test.bootstrap.actions (workflow.create, workflow.run)", g),
            g => Assert.Equal("content.storage items taken from a connection (models)", g),
            g => Assert.StartsWith("QuickSight assets", g),
            g => Assert.Equal("stages.test.domain found by tags, not by name", g),
            g => Assert.Equal("stages.test.project.role", g),
            g => Assert.StartsWith("monitoring.eventbridge", g));
    }

    [Fact]
    public void Storage_on_several_destinations_compression_and_git_deployments_are_not_unmapped()
    {
        var manifest = AssertValid(ApplicationSamples.EveryKey);

        var gaps = PipelineFormatOverlap.Unmapped(manifest, manifest.FindTarget("test")!);

        Assert.DoesNotContain(gaps, g => g.Contains("deployment_configuration.storage", StringComparison.Ordinal) || g.Contains("deployment_configuration.git", StringComparison.Ordinal));
    }
}
