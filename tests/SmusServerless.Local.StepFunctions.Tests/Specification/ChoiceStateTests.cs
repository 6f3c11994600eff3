using SmusServerless.Local.StepFunctions.Tests.Engine;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Specification;

/// <summary>The Choice state: rules are tried in order, the first match decides Next, else Default, else States.NoChoiceMatched.</summary>
public sealed class ChoiceStateTests : IDisposable
{
    private readonly EngineFixture _f = new();

    public void Dispose() => _f.Dispose();

    /// <summary>Runs a Choice on <paramref name="input"/> and returns the name of the state it chose ("Yes" or "No").</summary>
    private async Task<string> Chosen(string rule, string input)
    {
        var top = System.Text.Json.Nodes.JsonNode.Parse(rule)!.AsObject();
        top["Next"] = "Yes";
        var definition = Machines.Of(
            ("C", $$"""{"Type":"Choice","Choices":[{{top.ToJsonString()}}],"Default":"No"}"""),
            ("Yes", """{"Type":"Pass","Result":"Yes","End":true}"""),
            ("No", """{"Type":"Pass","Result":"No","End":true}"""));
        var result = await _f.RunAsync(definition, input);
        Assert.True(result.Status == "SUCCEEDED", $"{result.Error}: {result.Cause}");
        return System.Text.Json.Nodes.JsonNode.Parse(result.Output!)!.GetValue<string>();
    }

    [Theory]
    [InlineData("""{"Variable":"$.s","StringEquals":"a"}""", """{"s":"a"}""", "Yes")]
    [InlineData("""{"Variable":"$.s","StringEquals":"a"}""", """{"s":"b"}""", "No")]
    [InlineData("""{"Variable":"$.s","StringLessThan":"b"}""", """{"s":"a"}""", "Yes")]
    [InlineData("""{"Variable":"$.s","StringGreaterThan":"b"}""", """{"s":"a"}""", "No")]
    [InlineData("""{"Variable":"$.s","StringLessThanEquals":"a"}""", """{"s":"a"}""", "Yes")]
    [InlineData("""{"Variable":"$.s","StringGreaterThanEquals":"a"}""", """{"s":"a"}""", "Yes")]
    [InlineData("""{"Variable":"$.s","StringMatches":"log-*.txt"}""", """{"s":"log-2026.txt"}""", "Yes")]
    [InlineData("""{"Variable":"$.s","StringMatches":"log-*.txt"}""", """{"s":"log.csv"}""", "No")]
    public async Task String_comparisons(string rule, string input, string expected)
        => Assert.Equal(expected, await Chosen(rule, input));

    [Theory]
    [InlineData("""{"Variable":"$.n","NumericEquals":1}""", """{"n":1.0}""", "Yes")]
    [InlineData("""{"Variable":"$.n","NumericLessThan":1}""", """{"n":0.5}""", "Yes")]
    [InlineData("""{"Variable":"$.n","NumericGreaterThan":1}""", """{"n":1}""", "No")]
    [InlineData("""{"Variable":"$.n","NumericLessThanEquals":1}""", """{"n":1}""", "Yes")]
    [InlineData("""{"Variable":"$.n","NumericGreaterThanEquals":2}""", """{"n":1}""", "No")]
    public async Task Numeric_comparisons_compare_by_value(string rule, string input, string expected)
        => Assert.Equal(expected, await Chosen(rule, input));

    [Theory]
    [InlineData("""{"Variable":"$.b","BooleanEquals":true}""", """{"b":true}""", "Yes")]
    [InlineData("""{"Variable":"$.b","BooleanEquals":true}""", """{"b":false}""", "No")]
    public async Task Boolean_comparison(string rule, string input, string expected)
        => Assert.Equal(expected, await Chosen(rule, input));

    [Theory]
    [InlineData("""{"Variable":"$.t","TimestampEquals":"2026-01-01T00:00:00Z"}""", """{"t":"2026-01-01T00:00:00Z"}""", "Yes")]
    [InlineData("""{"Variable":"$.t","TimestampLessThan":"2026-01-01T00:00:00Z"}""", """{"t":"2025-12-31T23:59:59Z"}""", "Yes")]
    [InlineData("""{"Variable":"$.t","TimestampGreaterThan":"2026-01-01T00:00:00Z"}""", """{"t":"2025-12-31T23:59:59Z"}""", "No")]
    [InlineData("""{"Variable":"$.t","TimestampLessThanEquals":"2026-01-01T00:00:00Z"}""", """{"t":"2026-01-01T00:00:00Z"}""", "Yes")]
    [InlineData("""{"Variable":"$.t","TimestampGreaterThanEquals":"2026-01-01T00:00:00Z"}""", """{"t":"2026-01-01T00:00:01Z"}""", "Yes")]
    public async Task Timestamp_comparisons(string rule, string input, string expected)
        => Assert.Equal(expected, await Chosen(rule, input));

    [Theory]
    [InlineData("""{"Variable":"$.a","StringEqualsPath":"$.b"}""", """{"a":"x","b":"x"}""", "Yes")]
    [InlineData("""{"Variable":"$.a","NumericLessThanPath":"$.b"}""", """{"a":1,"b":2}""", "Yes")]
    [InlineData("""{"Variable":"$.a","BooleanEqualsPath":"$.b"}""", """{"a":true,"b":false}""", "No")]
    [InlineData("""{"Variable":"$.a","TimestampGreaterThanPath":"$.b"}""", """{"a":"2026-01-02T00:00:00Z","b":"2026-01-01T00:00:00Z"}""", "Yes")]
    public async Task Path_operands_compare_with_another_field_of_the_input(string rule, string input, string expected)
        => Assert.Equal(expected, await Chosen(rule, input));

    [Theory]
    [InlineData("""{"Variable":"$.v","IsNull":true}""", """{"v":null}""", "Yes")]
    [InlineData("""{"Variable":"$.v","IsPresent":false}""", """{}""", "Yes")]
    [InlineData("""{"Variable":"$.v","IsNumeric":true}""", """{"v":"1"}""", "No")]
    [InlineData("""{"Variable":"$.v","IsString":true}""", """{"v":"1"}""", "Yes")]
    [InlineData("""{"Variable":"$.v","IsBoolean":true}""", """{"v":false}""", "Yes")]
    [InlineData("""{"Variable":"$.v","IsTimestamp":true}""", """{"v":"2026-01-01T00:00:00Z"}""", "Yes")]
    [InlineData("""{"Variable":"$.v","IsTimestamp":true}""", """{"v":"yesterday"}""", "No")]
    public async Task Type_tests(string rule, string input, string expected)
        => Assert.Equal(expected, await Chosen(rule, input));

    [Fact]
    public async Task And_matches_when_every_rule_matches()
        => Assert.Equal("No", await Chosen(
            """{"And":[{"Variable":"$.a","NumericEquals":1},{"Variable":"$.b","NumericEquals":2}]}""", """{"a":1,"b":3}"""));

    [Fact]
    public async Task Or_matches_when_any_rule_matches()
        => Assert.Equal("Yes", await Chosen(
            """{"Or":[{"Variable":"$.a","NumericEquals":9},{"Variable":"$.b","NumericEquals":2}]}""", """{"a":1,"b":2}"""));

    [Fact]
    public async Task Not_inverts_its_rule()
        => Assert.Equal("Yes", await Chosen("""{"Not":{"Variable":"$.s","StringEquals":"a"}}""", """{"s":"b"}"""));

    [Fact]
    public async Task A_comparison_with_a_value_of_another_type_does_not_match()
        => Assert.Equal("No", await Chosen("""{"Variable":"$.n","NumericEquals":1}""", """{"n":"1"}"""));

    [Fact]
    public async Task The_first_matching_rule_wins()
    {
        var definition = Machines.Of(
            ("C", """{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":0,"Next":"First"},{"Variable":"$.n","NumericGreaterThan":1,"Next":"Second"}]}"""),
            ("First", """{"Type":"Pass","Result":"First","End":true}"""),
            ("Second", """{"Type":"Pass","Result":"Second","End":true}"""));

        var result = await _f.RunAsync(definition, """{"n":5}""");

        JsonAssert.Equal("\"First\"", result.Output);
    }

    [Fact]
    public async Task No_match_and_no_Default_fails_with_States_NoChoiceMatched()
    {
        var definition = Machines.Of(
            ("C", """{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"Done"}]}"""),
            ("Done", """{"Type":"Succeed"}"""));

        var result = await _f.RunAsync(definition, """{"n":2}""");

        Assert.Equal("FAILED", result.Status);
        Assert.Equal("States.NoChoiceMatched", result.Error);
    }

    [Fact]
    public async Task A_Variable_that_selects_nothing_fails_with_States_Runtime()
    {
        var definition = Machines.Of(
            ("C", """{"Type":"Choice","Choices":[{"Variable":"$.missing","NumericEquals":1,"Next":"Done"}],"Default":"Done"}"""),
            ("Done", """{"Type":"Succeed"}"""));

        var result = await _f.RunAsync(definition, "{}");

        Assert.Equal("FAILED", result.Status);
        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task InputPath_and_OutputPath_shape_what_the_next_state_receives()
    {
        var definition = Machines.Of(
            ("C", """{"Type":"Choice","InputPath":"$.in","OutputPath":"$.keep","Choices":[{"Variable":"$.go","BooleanEquals":true,"Next":"Done"}]}"""),
            ("Done", """{"Type":"Succeed"}"""));

        var result = await _f.RunAsync(definition, """{"in":{"go":true,"keep":{"k":1}}}""");

        JsonAssert.Equal("""{"k":1}""", result.Output);
    }

    [Fact]
    public async Task A_Choice_state_records_entered_and_exited_events()
    {
        var definition = Machines.Of(
            ("C", """{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"Done"}]}"""),
            ("Done", """{"Type":"Succeed"}"""));

        var result = await _f.RunAsync(definition, """{"n":1}""");
        var types = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events.Select(e => e.Type).ToList();

        Assert.Equal(["ExecutionStarted", "ChoiceStateEntered", "ChoiceStateExited", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"], types);
    }
}
