using System.Text.Json.Nodes;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Core.Tests.Pipeline;

/// <summary>What a bundle's tests run with: smus-cli's smus_config document, its SMUS_* variables, and the plugin behind the fixture.</summary>
public sealed class TestEnvironmentTests
{
    private static readonly TestConfig Config = new("eu-west-1", "111122223333", "proj1", "dev-project", "dzd_1", "analytics", "dev",
        new Dictionary<string, string> { ["LOG_LEVEL"] = "debug", ["BUCKET"] = "b" });

    private static readonly RunContext Run = new("run-1", "App", new BundleReference("bundles", "bundles/App-1.zip", "v1"), "App", "1",
        null, null, null, 3600, DateTimeOffset.UnixEpoch);

    private static readonly PlannedTarget Target = new("dev", "DEV", false, new TargetDomain("analytics", "eu-west-1", "dzd_1"), "dev-project", "proj1", false, 0);

    private static Dictionary<string, string> Variables() =>
        TestEnvironment.For(Run, Target, Config, "smus-app-tests", "s3://state/r.xml").ToDictionary(v => v.Key, v => v.Value);

    [Fact]
    public void The_config_document_has_smus_clis_keys_in_its_order_with_the_stage_variables_under_env()
    {
        var json = JsonNode.Parse(Config.ToJson())!.AsObject();

        Assert.Equal(["region", "account_id", "project_id", "project_name", "domain_id", "domain_name", "target_name", "env"], json.Select(p => p.Key));
        Assert.Equal("111122223333", (string?)json["account_id"]);
        Assert.Equal("""{"BUCKET":"b","LOG_LEVEL":"debug"}""", json["env"]!.ToJsonString());
    }

    [Fact]
    public void Every_SMUS_variable_of_smus_cli_carries_the_resolved_value()
    {
        var variables = Variables();

        Assert.Equal("dzd_1", variables["SMUS_DOMAIN_ID"]);
        Assert.Equal("analytics", variables["SMUS_DOMAIN_NAME"]);
        Assert.Equal("proj1", variables["SMUS_PROJECT_ID"]);
        Assert.Equal("dev-project", variables["SMUS_PROJECT_NAME"]);
        Assert.Equal("dev", variables["SMUS_TARGET_NAME"]);
        Assert.Equal("eu-west-1", variables["SMUS_REGION"]);
    }

    [Fact]
    public void The_stage_variables_are_not_exported_as_smus_cli_does_not_export_them()
    {
        Assert.DoesNotContain("LOG_LEVEL", Variables().Keys);
    }

    [Fact]
    public void The_build_gets_the_config_document_and_the_plugin_and_sets_SMUS_TEST_CONFIG_itself()
    {
        var variables = Variables();

        Assert.Equal(Config.ToJson(), variables[TestEnvironment.ConfigJsonVariable]);
        Assert.Equal(TestPlugin.Source, variables[TestEnvironment.PluginVariable]);
        Assert.DoesNotContain(TestEnvironment.ConfigVariable, variables.Keys);
    }

    [Fact]
    public void The_plugin_defines_a_session_smus_config_fixture_that_reads_SMUS_TEST_CONFIG()
    {
        Assert.Contains("@pytest.fixture(scope=\"session\")\ndef smus_config():", TestPlugin.Source.ReplaceLineEndings("\n"));
        Assert.Contains("os.environ.get(\"SMUS_TEST_CONFIG\")", TestPlugin.Source);
    }

    [Theory]
    [InlineData("arn:aws:states:us-east-1:123456789012:execution:m:run-1", "123456789012")]
    [InlineData(null, "")]
    [InlineData("not-an-arn", "")]
    public void The_account_is_the_fifth_field_of_the_execution_arn(string? arn, string account)
    {
        Assert.Equal(account, TestConfig.AccountOf(arn));
    }
}
