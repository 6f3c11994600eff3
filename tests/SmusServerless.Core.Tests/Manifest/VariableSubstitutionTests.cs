using SmusServerless.Core.Manifest;
using static SmusServerless.Core.Tests.Manifest.ManifestAssertions;

namespace SmusServerless.Core.Tests.Manifest;

public class VariableSubstitutionTests
{
    private static readonly IVariableSource Vars = new DictionaryVariableSource(new Dictionary<string, string>
    {
        ["REGION"] = "eu-west-1",
        ["EMPTY"] = "",
        ["SNEAKY"] = "${REGION}",
    });

    [Theory]
    [InlineData("${REGION}", "eu-west-1")]
    [InlineData("${REGION:us-east-1}", "eu-west-1")]
    [InlineData("${UNSET:us-east-1}", "us-east-1")]
    [InlineData("${UNSET:}", "")]
    [InlineData("${EMPTY:fallback}", "")]
    [InlineData("s3://bucket/${REGION}/${UNSET:x}/data", "s3://bucket/eu-west-1/x/data")]
    [InlineData("cost $5 and $REGION stay", "cost $5 and $REGION stay")]
    [InlineData("$${REGION}", "${REGION}")]
    [InlineData("${SNEAKY}", "${REGION}")]
    [InlineData("${URL:http://a:8080/x}", "http://a:8080/x")]
    public void Expands_references(string text, string expected)
    {
        var result = VariableSubstitution.Expand(text, Vars);

        Assert.True(result.Succeeded);
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData("${UNSET}", DiagnosticCodes.UnsetVariable, "variable 'UNSET' is not set and has no default")]
    [InlineData("${REGION", DiagnosticCodes.MalformedVariable, "has no closing '}'")]
    [InlineData("${1BAD}", DiagnosticCodes.MalformedVariable, "is not a variable reference")]
    [InlineData("${}", DiagnosticCodes.MalformedVariable, "is not a variable reference")]
    public void Reports_unusable_references(string text, string code, string message)
    {
        var result = VariableSubstitution.Expand(text, Vars);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(code, problem.Code);
        Assert.Contains(message, problem.Message);
        Assert.Null(result.Value);
    }

    [Fact]
    public void Unset_variable_without_default_in_a_manifest_names_it_and_its_place()
    {
        var yaml = MinimalWith("region: us-east-1}\n    project: {name: prod", "region: '${PROD_REGION}'}\n    project: {name: prod");

        var error = AssertError(yaml, "targets.prod.domain.region", DiagnosticCodes.UnsetVariable);

        Assert.Contains("'PROD_REGION'", error.Message);
        Assert.Equal(11, error.Line);
    }

    [Fact]
    public void Substituted_value_is_validated_like_a_written_one()
    {
        var yaml = MinimalWith("region: us-east-1}\n    project: {name: prod", "region: '${PROD_REGION}'}\n    project: {name: prod");

        AssertError(yaml, "targets.prod.domain.region", DiagnosticCodes.Pattern,
            variables: new Dictionary<string, string> { ["PROD_REGION"] = "Frankfurt" });
    }

    [Fact]
    public void Substitutes_every_string_in_the_manifest()
    {
        var yaml = MinimalWith("project: {name: prod-project, create: true}",
            "project: {name: '${PROJECT}-prod', create: true, owners: ['${OWNER}']}\n    environment_variables: {S3_PREFIX: '${PREFIX:p}'}");

        var manifest = AssertValid(yaml, new Dictionary<string, string> { ["PROJECT"] = "sales", ["OWNER"] = "alice" });

        var prod = manifest.FindTarget("prod")!;
        Assert.Equal("sales-prod", prod.Project.Name);
        Assert.Equal(["alice"], prod.Owners);
        Assert.Equal("p", prod.EnvironmentVariables["S3_PREFIX"]);
    }

    [Fact]
    public void Does_not_substitute_keys()
    {
        var yaml = MinimalWith("project: {name: prod-project, create: true}",
            "project: {name: prod-project, create: true}\n    environment_variables: {'${X:A}': v}");

        AssertError(yaml, "targets.prod.environment_variables.${X:A}", DiagnosticCodes.Pattern);
    }
}
