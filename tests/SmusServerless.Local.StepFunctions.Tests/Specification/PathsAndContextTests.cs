using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Tests.Engine;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Specification;

/// <summary>
/// Input and output processing ("Input and Output Processing"): InputPath → Parameters → task → ResultSelector →
/// ResultPath → OutputPath, and the context object <c>$$</c>.
/// </summary>
public sealed class PathsAndContextTests : IDisposable
{
    private readonly EngineFixture _f = new();

    public void Dispose() => _f.Dispose();

    private async Task<JsonNode?> Output(string state, string input)
    {
        var result = await _f.RunAsync(Machines.Single(state), input);
        Assert.True(result.Status == "SUCCEEDED", $"{result.Error}: {result.Cause}");
        return JsonNode.Parse(result.Output!);
    }

    private async Task<string?> Error(string state, string input)
        => (await _f.RunAsync(Machines.Single(state), input)).Error;

    [Fact]
    public async Task InputPath_null_gives_the_state_an_empty_object()
        => JsonAssert.Equal(new JsonObject(), await Output("""{"Type":"Pass","InputPath":null,"End":true}""", """{"a":1}"""));

    [Fact]
    public async Task OutputPath_null_sends_an_empty_object_on()
        => JsonAssert.Equal(new JsonObject(), await Output("""{"Type":"Pass","OutputPath":null,"End":true}""", """{"a":1}"""));

    [Fact]
    public async Task An_InputPath_that_selects_nothing_fails_with_States_Runtime()
        => Assert.Equal("States.Runtime", await Error("""{"Type":"Pass","InputPath":"$.missing","End":true}""", "{}"));

    [Fact]
    public async Task An_OutputPath_that_selects_nothing_fails_with_States_Runtime()
        => Assert.Equal("States.Runtime", await Error("""{"Type":"Pass","OutputPath":"$.missing","End":true}""", "{}"));

    [Fact]
    public async Task InputPath_may_select_with_an_indefinite_path_giving_an_array()
        => JsonAssert.Equal(JsonNode.Parse("[1,2]"), await Output("""{"Type":"Pass","InputPath":"$.xs[*].v","End":true}""", """{"xs":[{"v":1},{"v":2}]}"""));

    [Fact]
    public async Task ResultPath_dollar_replaces_the_input_with_the_result()
        => JsonAssert.Equal(JsonNode.Parse("\"r\""), await Output("""{"Type":"Pass","Result":"r","ResultPath":"$","End":true}""", """{"a":1}"""));

    [Fact]
    public async Task ResultPath_creates_missing_intermediate_objects()
        => JsonAssert.Equal(JsonNode.Parse("""{"a":1,"x":{"y":{"z":true}}}"""),
            await Output("""{"Type":"Pass","Result":true,"ResultPath":"$.x.y.z","End":true}""", """{"a":1}"""));

    [Fact]
    public async Task ResultPath_overwrites_an_existing_field()
        => JsonAssert.Equal(JsonNode.Parse("""{"a":"new"}"""), await Output("""{"Type":"Pass","Result":"new","ResultPath":"$.a","End":true}""", """{"a":"old"}"""));

    [Fact]
    public async Task A_ResultPath_into_a_non_object_fails_with_States_ResultPathMatchFailure()
        => Assert.Equal("States.ResultPathMatchFailure", await Error("""{"Type":"Pass","Result":1,"ResultPath":"$.a.b","End":true}""", """{"a":"text"}"""));

    [Fact]
    public async Task A_ResultPath_on_a_non_object_input_fails_with_States_ResultPathMatchFailure()
        => Assert.Equal("States.ResultPathMatchFailure", await Error("""{"Type":"Pass","Result":1,"ResultPath":"$.a","End":true}""", "[1,2]"));

    [Fact]
    public async Task Parameters_keys_ending_in_dollar_take_values_from_paths_and_others_are_literal()
        => JsonAssert.Equal(JsonNode.Parse("""{"fromPath":2,"literal":"$.b","nested":{"deep":2}}"""),
            await Output("""{"Type":"Pass","Parameters":{"fromPath.$":"$.b","literal":"$.b","nested":{"deep.$":"$.b"}},"End":true}""", """{"b":2}"""));

    [Fact]
    public async Task Parameters_inside_arrays_are_evaluated_too()
        => JsonAssert.Equal(JsonNode.Parse("""{"list":[{"v":2},3]}"""),
            await Output("""{"Type":"Pass","Parameters":{"list":[{"v.$":"$.b"},3]},"End":true}""", """{"b":2}"""));

    [Fact]
    public async Task An_intrinsic_that_fails_raises_States_IntrinsicFailure()
        => Assert.Equal("States.IntrinsicFailure", await Error("""{"Type":"Pass","Parameters":{"v.$":"States.StringToJson($.s)"},"End":true}""", """{"s":"not json"}"""));

    [Fact]
    public async Task The_context_object_describes_the_execution()
    {
        var arn = await _f.StartAsync(Machines.Single("""{"Type":"Pass","Parameters":{"ctx.$":"$$"},"End":true}"""), """{"in":true}""", name: "ctx-run");
        await _f.Engine.RunUntilIdleAsync();
        var ctx = JsonNode.Parse(_f.Engine.DescribeExecution(arn).Output!)!["ctx"]!;

        Assert.Equal(arn, ctx["Execution"]!["Id"]!.GetValue<string>());
        Assert.Equal("ctx-run", ctx["Execution"]!["Name"]!.GetValue<string>());
        JsonAssert.Equal(JsonNode.Parse("""{"in":true}"""), ctx["Execution"]!["Input"]);
        Assert.Equal("S", ctx["State"]!["Name"]!.GetValue<string>());
        Assert.Equal(0, ctx["State"]!["RetryCount"]!.GetValue<int>());
        Assert.Equal("machine", ctx["StateMachine"]!["Name"]!.GetValue<string>());
        Assert.EndsWith(":stateMachine:machine", ctx["StateMachine"]!["Id"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_context_object_times_are_ISO_8601_in_UTC_with_milliseconds()
    {
        var output = await Output("""{"Type":"Pass","Parameters":{"start.$":"$$.Execution.StartTime","entered.$":"$$.State.EnteredTime"},"End":true}""", "{}");
        var expected = _f.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, output!["start"]!.GetValue<string>());
        Assert.Equal(expected, output["entered"]!.GetValue<string>());
    }

    [Fact]
    public async Task State_EnteredTime_is_when_the_current_state_was_entered()
    {
        var definition = Machines.Of(
            ("Pause", """{"Type":"Wait","Seconds":60,"Next":"Read"}"""),
            ("Read", """{"Type":"Pass","Parameters":{"entered.$":"$$.State.EnteredTime","start.$":"$$.Execution.StartTime"},"End":true}"""));

        var result = await _f.RunAsync(definition, "{}");
        var output = JsonNode.Parse(result.Output!)!;

        var entered = DateTimeOffset.Parse(output["entered"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var start = DateTimeOffset.Parse(output["start"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromSeconds(60), entered - start);
    }

    [Fact]
    public async Task A_state_output_over_256_KiB_fails_with_States_DataLimitExceeded()
    {
        var definition = Machines.Of(
            ("Grow", """{"Type":"Pass","Parameters":{"a.$":"$.big","b.$":"$.big"},"Next":"Next"}"""),
            ("Next", """{"Type":"Pass","End":true}"""));
        var input = new JsonObject { ["big"] = new string('x', 150 * 1024) }.ToJsonString();

        var result = await _f.RunAsync(definition, input);

        Assert.Equal("States.DataLimitExceeded", result.Error);
    }
}
