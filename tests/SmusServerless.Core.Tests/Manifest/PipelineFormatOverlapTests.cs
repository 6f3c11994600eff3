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
    public void Bootstrap_actions_quicksight_connection_items_role_policies_and_events_are_named_as_unmapped()
    {
        var manifest = AssertValid(ApplicationSamples.EveryKey);

        var gaps = PipelineFormatOverlap.Unmapped(manifest, manifest.FindTarget("test")!);

        Assert.Collection(gaps,
            g => Assert.StartsWith("stages.test.bootstrap.actions (workflow.create, workflow.run)", g),
            g => Assert.Equal("content.storage items taken from a connection (models)", g),
            g => Assert.StartsWith("QuickSight assets", g),
            g => Assert.StartsWith("stages.test.project.role.policies", g),
            g => Assert.StartsWith("monitoring.eventbridge", g));
    }

    [Fact]
    public void A_domain_found_by_tags_and_a_project_role_without_policies_are_mapped()
    {
        var manifest = AssertValid(ApplicationSamples.EveryKey.Replace(
            "        policies: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']\n", "", StringComparison.Ordinal));

        var gaps = PipelineFormatOverlap.Unmapped(manifest, manifest.FindTarget("test")!);

        Assert.Equal(([], true), (manifest.FindTarget("test")!.Project.Role!.Policies, manifest.FindTarget("test")!.Domain.IsSelectedByTags));
        Assert.DoesNotContain(gaps, g => g.Contains(".domain", StringComparison.Ordinal) || g.Contains(".project.role", StringComparison.Ordinal));
    }

    [Fact]
    public void Storage_on_several_destinations_compression_and_git_deployments_are_not_unmapped()
    {
        var manifest = AssertValid(ApplicationSamples.EveryKey);

        var gaps = PipelineFormatOverlap.Unmapped(manifest, manifest.FindTarget("test")!);

        Assert.DoesNotContain(gaps, g => g.Contains("deployment_configuration.storage", StringComparison.Ordinal) || g.Contains("deployment_configuration.git", StringComparison.Ordinal));
    }
}
