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
    public void Bootstrap_actions_quicksight_git_role_tags_and_split_storage_are_named_as_unmapped()
    {
        var manifest = AssertValid(ApplicationSamples.EveryKey);

        var gaps = PipelineFormatOverlap.Unmapped(manifest, manifest.FindTarget("test")!);

        Assert.Collection(gaps,
            g => Assert.StartsWith("stages.test.bootstrap.actions (workflow.create, workflow.run)", g),
            g => Assert.StartsWith("stages.test: storage items going to more than one destination", g),
            g => Assert.Equal("stages.test.deployment_configuration.storage[].compression", g),
            g => Assert.Equal("content.storage items taken from a connection (models)", g),
            g => Assert.StartsWith("stages.test.deployment_configuration.git", g),
            g => Assert.StartsWith("QuickSight assets", g),
            g => Assert.Equal("stages.test.domain found by tags, not by name", g),
            g => Assert.Equal("stages.test.project.role", g),
            g => Assert.StartsWith("monitoring.eventbridge", g));
    }
}
