using SmusServerless.Core.Manifest;
using static SmusServerless.Core.Tests.Manifest.ManifestAssertions;

namespace SmusServerless.Core.Tests.Manifest;

/// <summary>A stage's bootstrap actions: the types smus-cli runs, its old service names, and the parameters each needs.</summary>
public class BootstrapActionTests
{
    private static string WithActions(string actions) =>
        ApplicationSamples.Minimal.Replace("  storage:", "  workflows:\n    - {workflowName: etl, connectionName: default.workflow_serverless}\n  storage:", StringComparison.Ordinal)
        + "\n    bootstrap:\n      actions:\n" + actions;

    private static BootstrapAction Single(string action) => Assert.Single(AssertValid(WithActions(action)).Targets[0].BootstrapActions);

    [Theory]
    [InlineData("workflow.run", "workflow.run")]
    [InlineData("mwaaserverless.run", "workflow.run")]
    [InlineData("custom.print", "cli.print")]
    [InlineData("cli.print", "cli.print")]
    [InlineData("datazone.create_connection", "project.create_connection")]
    [InlineData("project.create_connection", "project.create_connection")]
    public void Old_service_names_are_aliases_of_the_current_ones(string type, string canonical)
    {
        var action = Single($"        - {{type: {type}, workflowName: etl, name: c, connection_type: S3}}\n");

        Assert.Equal((type, canonical), (action.Type, action.CanonicalType));
    }

    [Theory]
    [InlineData("workflow.create")]
    [InlineData("workflow.logs")]
    [InlineData("workflow.monitor")]
    [InlineData("quicksight.refresh_dataset")]
    [InlineData("cli.wait")]
    [InlineData("cli.validate_deployment")]
    [InlineData("cli.notify")]
    public void Every_action_smus_cli_registers_is_known(string type)
    {
        var action = Single($"        - {{type: {type}, workflowName: etl}}\n");

        Assert.Equal(type, action.CanonicalType);
    }

    [Fact]
    public void Every_key_but_type_is_a_parameter_of_any_shape()
    {
        var action = Single("        - type: project.create_connection\n          name: s3-data\n          connection_type: S3\n          properties: {s3Uri: 's3://b/p/'}\n");

        Assert.Equal(["connection_type", "name", "properties"], action.Parameters.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("s3://b/p/", ((ManifestMapValue)action.Parameters["properties"]).Entries["s3Uri"].Text);
    }

    [Theory]
    [InlineData("workflow.run", "workflowName")]
    [InlineData("workflow.logs", "workflowName")]
    [InlineData("workflow.monitor", "workflowName")]
    [InlineData("datazone.create_connection", "name")]
    [InlineData("project.create_connection", "connection_type")]
    public void Required_parameters_are_required(string type, string parameter)
    {
        var others = parameter == "name" ? ", connection_type: S3" : parameter == "connection_type" ? ", name: c" : "";

        var error = AssertError(WithActions($"        - {{type: {type}{others}}}\n"), $"stages.dev.bootstrap.actions[0].{parameter}", DiagnosticCodes.Required);

        Assert.Contains($"required by {type}", error.Message);
    }

    [Fact]
    public void An_unknown_action_type_names_the_nearest_known_one()
    {
        var error = AssertError(WithActions("        - {type: workflow.runn, workflowName: etl}\n"), "stages.dev.bootstrap.actions[0].type", DiagnosticCodes.UnknownAction);

        Assert.Contains("the nearest known one is 'workflow.run'", error.Message);
    }

    [Fact]
    public void Eventbridge_actions_are_refused_as_smus_cli_has_no_handler_for_them()
    {
        AssertError(WithActions("        - {type: eventbridge.put_events, eventSource: a}\n"), "stages.dev.bootstrap.actions[0].type", DiagnosticCodes.UnknownAction);
    }

    [Fact]
    public void Mwaaserverless_create_is_refused_as_only_the_exact_workflow_create_reaches_its_handler()
    {
        var error = AssertError(WithActions("        - {type: mwaaserverless.create}\n"), "stages.dev.bootstrap.actions[0].type", DiagnosticCodes.UnknownAction);

        Assert.Contains("write 'workflow.create'", error.Message);
    }

    [Fact]
    public void A_type_without_a_service_is_refused()
    {
        AssertError(WithActions("        - {type: SPARK_GLUE, name: spark}\n"), "stages.dev.bootstrap.actions[0].type", DiagnosticCodes.Pattern);
    }

    [Fact]
    public void Refreshing_specific_datasets_needs_their_ids()
    {
        AssertError(WithActions("        - {type: quicksight.refresh_dataset, refreshScope: SPECIFIC}\n"),
            "stages.dev.bootstrap.actions[0].datasetIds", DiagnosticCodes.Required);
    }

    [Fact]
    public void Refresh_scope_is_one_of_smus_clis_scopes()
    {
        AssertError(WithActions("        - {type: quicksight.refresh_dataset, refreshScope: SOME}\n"),
            "stages.dev.bootstrap.actions[0].refreshScope", DiagnosticCodes.EnumValue);
    }

    [Fact]
    public void Creating_an_environment_warns_that_smus_cli_does_nothing_for_it()
    {
        var result = Load(WithActions("        - {type: datazone.create_environment, environment_configuration_name: Lakehouse}\n"));

        Assert.True(result.IsValid);
        Assert.Equal(DiagnosticCodes.NotImplementedUpstream, Assert.Single(result.Warnings).Code);
    }

    [Fact]
    public void Workflow_create_names_a_workflow_of_the_content()
    {
        var error = AssertError(WithActions("        - {type: workflow.create, workflowName: elt}\n"),
            "stages.dev.bootstrap.actions[0].workflowName", DiagnosticCodes.UnknownContent);

        Assert.Contains("did you mean 'etl'?", error.Message);
    }

    [Fact]
    public void The_top_level_bootstrap_checks_its_action_types_against_the_schema()
    {
        AssertError(ApplicationSamples.Minimal + "\nbootstrap:\n  actions:\n    - {type: workflow.run}\n", "bootstrap.actions[0].type", DiagnosticCodes.EnumValue);
    }
}
