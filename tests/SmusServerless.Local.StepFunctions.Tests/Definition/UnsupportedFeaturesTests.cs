using SmusServerless.Local.StepFunctions.Definition;

namespace SmusServerless.Local.StepFunctions.Tests.Definition;

/// <summary>
/// Valid States Language the local engine does not run is reported as unsupported (not invalid), at its location,
/// so a user knows the definition is fine for AWS but needs changing to run offline.
/// </summary>
public sealed class UnsupportedFeaturesTests
{
    private static IReadOnlyList<DefinitionProblem> Problems(string definition) => AcceptedFieldsTests.Parser().TryParse(definition).Problems;

    private static void AssertUnsupported(string definition, string location)
    {
        var problems = Problems(definition);
        Assert.True(problems.Any(p => p.Kind == DefinitionProblemKind.Unsupported && p.Location == location),
            $"expected an unsupported problem at {location}; got {string.Join("; ", problems)}");
    }

    [Fact]
    public void A_JSONata_machine_is_unsupported()
        => AssertUnsupported("""{"QueryLanguage":"JSONata","StartAt":"S","States":{"S":{"Type":"Pass","Output":"{% $states.input %}","End":true}}}""", "/QueryLanguage");

    [Fact]
    public void A_JSONata_state_is_unsupported_but_its_transitions_still_count()
    {
        var problems = Problems("""
            {"StartAt":"J","States":{"J":{"Type":"Pass","QueryLanguage":"JSONata","Next":"After"},"After":{"Type":"Succeed"}}}
            """);

        Assert.Contains(problems, p => p.Kind == DefinitionProblemKind.Unsupported && p.Location == "/States/J/QueryLanguage");
        Assert.DoesNotContain(problems, p => p.Message.Contains("cannot be reached", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Assign", "{\"x\":1}")]
    [InlineData("Arguments", "{}")]
    [InlineData("Output", "{}")]
    public void Variable_and_JSONata_fields_are_unsupported(string field, string value)
        => AssertUnsupported("{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Pass\",\"" + field + "\":" + value + ",\"End\":true}}}", $"/States/S/{field}");

    [Theory]
    [InlineData("ItemReader", "{\"Resource\":\"arn:aws:states:::s3:getObject\"}")]
    [InlineData("ItemBatcher", "{\"MaxItemsPerBatch\":2}")]
    [InlineData("ResultWriter", "{\"Resource\":\"arn:aws:states:::s3:putObject\"}")]
    [InlineData("Label", "\"label\"")]
    public void Distributed_Map_fields_are_unsupported(string field, string value)
        => AssertUnsupported(
            "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"" + field + "\":" + value
            + ""","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}""", $"/States/M/{field}");

    [Fact]
    public void A_DISTRIBUTED_Map_mode_is_unsupported()
        => AssertUnsupported("""
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}
            """, "/States/M/ItemProcessor/ProcessorConfig/Mode");

    [Fact]
    public void An_unresolved_DefinitionSubstitutions_placeholder_is_unsupported()
        => AssertUnsupported("""{"StartAt":"S","States":{"S":{"Type":"Task","Resource":"${NotifyFunctionArn}","End":true}}}""", "/States/S/Resource");

    [Fact]
    public void A_CloudFormation_intrinsic_as_Resource_is_unsupported()
        => AssertUnsupported("""{"StartAt":"S","States":{"S":{"Type":"Task","Resource":{"Fn::GetAtt":["Fn","Arn"]},"End":true}}}""", "/States/S/Resource");

    [Fact]
    public void A_resource_without_a_local_implementation_is_unsupported()
        => AssertUnsupported("""{"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::nothing","End":true}}}""", "/States/S/Resource");

    [Fact]
    public void An_intrinsic_function_in_ErrorPath_is_unsupported()
        => AssertUnsupported("""{"StartAt":"S","States":{"S":{"Type":"Fail","ErrorPath":"States.Format('E{}', $.n)"}}}""", "/States/S/ErrorPath");

    [Fact]
    public void A_workflow_variable_in_a_path_is_unsupported()
        => AssertUnsupported("""{"StartAt":"S","States":{"S":{"Type":"Pass","Parameters":{"v.$":"$myVariable"},"End":true}}}""", "/States/S/Parameters/v.$");

    [Fact]
    public void An_unsupported_problem_says_so_when_printed()
    {
        var problem = new DefinitionProblem(DefinitionProblemKind.Unsupported, "/States/S/Assign", "'Assign' is not supported");

        Assert.Equal("/States/S/Assign: 'Assign' is not supported (not supported by the local engine)", problem.ToString());
    }

    [Fact]
    public void Parse_throws_with_every_problem_listed()
    {
        var ex = Assert.Throws<InvalidDefinitionException>(() => AcceptedFieldsTests.Parser().Parse(
            """{"StartAt":"S","States":{"S":{"Type":"Pass","Assign":{},"Bogus":1,"End":true}}}"""));

        Assert.Equal(2, ex.Problems.Count);
        Assert.Contains("/States/S/Assign", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/States/S/Bogus", ex.Message, StringComparison.Ordinal);
    }
}
