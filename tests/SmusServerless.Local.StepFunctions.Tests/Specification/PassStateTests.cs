using SmusServerless.Local.StepFunctions.Tests.Engine;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Specification;

/// <summary>The Pass state (States Language: "Pass State"): passes its input to its output, or injects a fixed Result.</summary>
public sealed class PassStateTests : IDisposable
{
    private readonly EngineFixture _f = new();

    public void Dispose() => _f.Dispose();

    private async Task<string?> OutputOf(string state, string input)
    {
        var result = await _f.RunAsync(Machines.Single(state), input);
        Assert.Equal("SUCCEEDED", result.Status);
        return result.Output;
    }

    [Fact]
    public async Task Without_Result_the_output_is_the_input()
        => JsonAssert.Equal("""{"a":1}""", await OutputOf("""{"Type":"Pass","End":true}""", """{"a":1}"""));

    [Fact]
    public async Task Result_replaces_the_input_by_default()
        => JsonAssert.Equal("""{"x":true}""", await OutputOf("""{"Type":"Pass","Result":{"x":true},"End":true}""", """{"a":1}"""));

    [Fact]
    public async Task Result_may_be_any_JSON_value_including_null()
        => JsonAssert.Equal("null", await OutputOf("""{"Type":"Pass","Result":null,"End":true}""", """{"a":1}"""));

    [Fact]
    public async Task ResultPath_places_the_Result_inside_the_input()
        => JsonAssert.Equal("""{"a":1,"r":{"b":2}}""",
            await OutputOf("""{"Type":"Pass","Result":{"b":2},"ResultPath":"$.r","End":true}""", """{"a":1}"""));

    [Fact]
    public async Task ResultPath_null_keeps_the_input_and_discards_the_Result()
        => JsonAssert.Equal("""{"a":1}""", await OutputOf("""{"Type":"Pass","Result":7,"ResultPath":null,"End":true}""", """{"a":1}"""));

    [Fact]
    public async Task Parameters_shape_the_output_when_there_is_no_Result()
        => JsonAssert.Equal("""{"copy":1,"fixed":"v"}""",
            await OutputOf("""{"Type":"Pass","Parameters":{"copy.$":"$.a","fixed":"v"},"End":true}""", """{"a":1}"""));

    [Fact]
    public async Task Result_wins_over_Parameters()
        => JsonAssert.Equal("\"result\"",
            await OutputOf("""{"Type":"Pass","Parameters":{"p":1},"Result":"result","End":true}""", "{}"));

    [Fact]
    public async Task Parameters_read_the_context_object()
        => JsonAssert.Equal("""{"state":"S"}""",
            await OutputOf("""{"Type":"Pass","Parameters":{"state.$":"$$.State.Name"},"End":true}""", "{}"));

    [Fact]
    public async Task Parameters_apply_intrinsic_functions()
        => JsonAssert.Equal("""{"greeting":"hello ada"}""",
            await OutputOf("""{"Type":"Pass","Parameters":{"greeting.$":"States.Format('hello {}', $.name)"},"End":true}""", """{"name":"ada"}"""));

    [Fact]
    public async Task InputPath_selects_what_Parameters_see()
        => JsonAssert.Equal("""{"v":2}""",
            await OutputOf("""{"Type":"Pass","InputPath":"$.inner","Parameters":{"v.$":"$.b"},"End":true}""", """{"inner":{"b":2}}"""));

    [Fact]
    public async Task ResultPath_writes_into_the_raw_input_not_the_InputPath_selection()
        => JsonAssert.Equal("""{"inner":{"b":2},"r":{"b":2}}""",
            await OutputOf("""{"Type":"Pass","InputPath":"$.inner","ResultPath":"$.r","End":true}""", """{"inner":{"b":2}}"""));

    [Fact]
    public async Task OutputPath_selects_from_the_state_output()
        => JsonAssert.Equal("2", await OutputOf("""{"Type":"Pass","Result":{"b":2},"OutputPath":"$.b","End":true}""", "{}"));

    [Fact]
    public async Task Next_moves_to_the_named_state_with_the_output_as_its_input()
    {
        var result = await _f.RunAsync(Machines.Of(
            ("First", """{"Type":"Pass","Result":{"n":1},"Next":"Second"}"""),
            ("Second", """{"Type":"Pass","Parameters":{"seen.$":"$.n"},"End":true}""")), "{}");

        JsonAssert.Equal("""{"seen":1}""", result.Output);
    }

    [Fact]
    public async Task A_Parameters_path_that_selects_nothing_fails_with_States_ParameterPathFailure()
    {
        var result = await _f.RunAsync(Machines.Single("""{"Type":"Pass","Parameters":{"v.$":"$.missing"},"End":true}"""), "{}");

        Assert.Equal("FAILED", result.Status);
        Assert.Equal("States.ParameterPathFailure", result.Error);
    }

    [Fact]
    public async Task Every_Pass_state_entered_counts_as_a_state_transition()
    {
        var result = await _f.RunAsync(Machines.Of(
            ("A", """{"Type":"Pass","Next":"B"}"""),
            ("B", """{"Type":"Pass","End":true}""")), "{}");

        Assert.Equal(2, result.StateTransitions);
    }
}
