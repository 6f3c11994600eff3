using SmusServerless.Core.Manifest;
using static SmusServerless.Core.Tests.Manifest.ManifestAssertions;

namespace SmusServerless.Core.Tests.Manifest;

/// <summary>What issue 13 saw refused in smus-cli's own manifests, each now read.</summary>
public class FormerRefusalTests
{
    [Fact]
    public void Application_name_names_the_manifest()
    {
        var manifest = AssertValid(ApplicationSamples.Minimal);

        Assert.Equal(("MinimalApp", ManifestNameKey.ApplicationName, ManifestFormat.Application), (manifest.Name, manifest.NameKey, manifest.Format));
    }

    [Fact]
    public void Named_storage_items_are_read_with_their_name()
    {
        var manifest = AssertValid(ApplicationSamples.Minimal);

        var item = Assert.Single(manifest.Content!.Storage);
        Assert.Equal("code", item.Name);
        Assert.Equal(["src/"], item.Include);
        Assert.True(item.FromCheckout);
    }

    [Fact]
    public void A_domain_may_be_selected_by_tags()
    {
        var yaml = ApplicationSamples.Minimal.Replace("domain: {name: studio-domain, region: us-east-1}",
            "domain: {tags: {purpose: smus-cicd, STAGE: DEV}, region: us-east-1}", StringComparison.Ordinal);

        var domain = AssertValid(yaml).Targets[0].Domain;

        Assert.True(domain.IsSelectedByTags);
        Assert.Equal("", domain.Name);
        Assert.Equal(new Dictionary<string, string> { ["purpose"] = "smus-cicd", ["STAGE"] = "DEV" }, domain.Tags);
    }

    [Fact]
    public void Trigger_post_deployment_is_accepted_in_the_top_level_bootstrap_which_is_then_ignored_with_a_warning()
    {
        var yaml = ApplicationSamples.Minimal + """

            bootstrap:
              actions:
                - type: workflow
                  workflowName: etl
                  triggerPostDeployment: true
            """;

        var result = Load(yaml);

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((DiagnosticCodes.IgnoredSection, "bootstrap"), (warning.Code, warning.Path));
        Assert.Empty(result.Manifest!.Targets[0].BootstrapActions);
    }

    [Fact]
    public void Top_level_monitoring_is_read()
    {
        var yaml = ApplicationSamples.Minimal + """

            monitoring:
              eventbridge:
                eventBusName: app-events
            """;

        var monitoring = AssertValid(yaml).Monitoring;

        Assert.Equal(new MonitoringDefinition(new EventBridgeMonitoring(true, "app-events", true)), monitoring);
    }
}
