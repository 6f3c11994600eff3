using System.Text.Json.Nodes;
using SmusServerless.Application.Pipeline;
using SmusServerless.Functions.Pipeline;

namespace SmusServerless.Functions.Tests.Template;

/// <summary>
/// The stack's allow-list of project privileges: template Parameters (nothing allowed by default), passed to Resolve
/// as environment variables, read into <see cref="ProjectPrivilegeAllowList"/>; Provision may pass only the allowed roles.
/// </summary>
public sealed class ProjectPrivilegeParametersTests
{
    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(TestRepository.PathOf("template.yaml"));

    private static JsonObject FunctionWithHandler(string handler) =>
        Template.Resources.Select(r => r.Value!.AsObject())
            .Single(r => r["Type"]!.GetValue<string>() == "AWS::Serverless::Function" && r["Properties"]!["Handler"]!.GetValue<string>() == handler)["Properties"]!.AsObject();

    [Theory]
    [InlineData(ProjectPrivileges.RolesParameter, "")]
    [InlineData(ProjectPrivileges.PoliciesParameter, "")]
    [InlineData(ProjectPrivileges.OwnersParameter, "false")]
    public void Each_allowance_is_a_parameter_that_allows_nothing_by_default(string parameter, string byDefault)
    {
        Assert.Equal(byDefault, Template.Parameters[parameter]?["Default"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("SMUS_ALLOWED_PROJECT_ROLE_ARNS", ProjectPrivileges.RolesParameter)]
    [InlineData("SMUS_ALLOWED_PROJECT_POLICY_ARNS", ProjectPrivileges.PoliciesParameter)]
    [InlineData("SMUS_ALLOW_PROJECT_OWNERS", ProjectPrivileges.OwnersParameter)]
    public void Resolve_gets_each_allowance_from_its_parameter(string variable, string parameter)
    {
        var value = FunctionWithHandler("resolve")["Environment"]!["Variables"]![variable];

        Assert.NotNull(value);
        Assert.Contains($"\"Ref\":\"{parameter}\"", value.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Provision_may_pass_only_the_allowed_roles_and_only_to_datazone()
    {
        var passRole = FunctionWithHandler("provision")["Policies"]!.AsArray()
            .Select(p => p!["Fn::If"]).OfType<JsonArray>()
            .Single(branches => branches[0]!.GetValue<string>() == "HasAllowedProjectRoles")[1]!["Statement"]![0]!;

        Assert.Equal("iam:PassRole", passRole["Action"]![0]!.GetValue<string>());
        Assert.Equal(ProjectPrivileges.RolesParameter, passRole["Resource"]!["Ref"]!.GetValue<string>());
        Assert.Equal("datazone.amazonaws.com", passRole["Condition"]!["StringEquals"]!["iam:PassedToService"]!.GetValue<string>());
    }

    [Fact]
    public void Without_the_variables_nothing_is_allowed()
    {
        var settings = PipelineSettings.FromEnvironment(name => name == "SMUS_STATE_BUCKET" ? "state" : null);

        Assert.Equal((0, 0, false, false), (settings.ProjectPrivileges.RoleArns.Count, settings.ProjectPrivileges.PolicyArns.Count,
            settings.ProjectPrivileges.AllowsOwners, settings.ProjectPrivileges.Unrestricted));
    }

    [Fact]
    public void The_variables_are_read_into_the_allow_list()
    {
        var environment = new Dictionary<string, string>
        {
            ["SMUS_STATE_BUCKET"] = "state",
            ["SMUS_ALLOWED_PROJECT_ROLE_ARNS"] = "arn:aws:iam::111122223333:role/A, arn:aws:iam::111122223333:role/B",
            ["SMUS_ALLOWED_PROJECT_POLICY_ARNS"] = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
            ["SMUS_ALLOW_PROJECT_OWNERS"] = "true",
        };

        var allowed = PipelineSettings.FromEnvironment(environment.GetValueOrDefault).ProjectPrivileges;

        Assert.True(allowed.AllowsRole("arn:aws:iam::111122223333:role/B"));
        Assert.False(allowed.AllowsRole("arn:aws:iam::111122223333:role/C"));
        Assert.True(allowed.AllowsPolicy("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"));
        Assert.True(allowed.AllowsOwners);
    }

    [Fact]
    public void A_role_list_holding_something_else_is_an_error_naming_the_variable()
    {
        var environment = new Dictionary<string, string> { ["SMUS_STATE_BUCKET"] = "state", ["SMUS_ALLOWED_PROJECT_ROLE_ARNS"] = "arn:aws:iam::aws:policy/X" };

        var error = Assert.Throws<InvalidOperationException>(() => PipelineSettings.FromEnvironment(environment.GetValueOrDefault));

        Assert.Contains("SMUS_ALLOWED_PROJECT_ROLE_ARNS", error.Message, StringComparison.Ordinal);
    }
}
