using SmusServerless.Core.Manifest;
using static SmusServerless.Core.Tests.Manifest.ManifestAssertions;

namespace SmusServerless.Core.Tests.Manifest;

public class ExampleManifestTests
{
    [Fact]
    public void Demo_marketing_pipeline_with_per_target_domains_is_valid()
    {
        var manifest = AssertValid(ManifestSamples.DemoMarketing);

        Assert.Equal("DemoMarketingPipeline", manifest.Name);
        Assert.Equal(["dev", "test", "prod"], manifest.Targets.Select(t => t.Name));
        Assert.Equal(new DomainReference("cicd-test-domain", "us-east-1"), manifest.FindTarget("prod")!.Domain);
        var asset = Assert.Single(manifest.Bundle.CatalogAssets);
        Assert.Equal(new SearchAssetSelector("GlueTable", "covid19_db.countries_aggregated"), asset.Selector);
        Assert.False(manifest.FindTarget("prod")!.SubscribesToCatalog);
        Assert.True(manifest.FindTarget("test")!.SubscribesToCatalog);
    }

    [Fact]
    public void Serverless_pipeline_with_environment_variables_is_valid()
    {
        var manifest = AssertValid(ManifestSamples.ServerlessMarketing);

        Assert.True(manifest.UsesAirflowServerless);
        Assert.Equal("dev-data", manifest.FindTarget("dev")!.EnvironmentVariables["S3_PREFIX"]);
        var parameters = Assert.Single(manifest.FindTarget("test")!.UserParameters);
        Assert.Equal("Lakehouse Database", parameters.EnvironmentConfigurationName);
        Assert.Equal(new UserParameter("glueDbName", "demo-serverless-db"), Assert.Single(parameters.Parameters));
    }

    [Fact]
    public void Older_format_with_a_top_level_domain_applies_it_to_every_target()
    {
        var manifest = AssertValid(ManifestSamples.TopLevelDomain);

        Assert.All(manifest.Targets, t =>
        {
            Assert.Equal(new DomainReference("your-domain-name", "us-east-1"), t.Domain);
            Assert.True(t.DomainIsInherited);
        });
    }

    [Fact]
    public void Region_default_is_replaced_by_a_set_variable()
    {
        var manifest = AssertValid(ManifestSamples.DemoMarketing, new Dictionary<string, string> { ["DEV_DOMAIN_REGION"] = "eu-west-1" });

        Assert.Equal("eu-west-1", manifest.FindTarget("dev")!.Domain.Region);
        Assert.Equal("us-east-1", manifest.FindTarget("prod")!.Domain.Region);
    }

    [Fact]
    public void Minimal_manifest_is_valid()
    {
        AssertValid(ManifestSamples.Minimal);
    }
}
