using SmusServerless.Local.StepFunctions.Tests.Engine;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Specification;

/// <summary>The terminal states: Succeed ends with its (filtered) input, Fail ends with an Error and Cause.</summary>
public sealed class SucceedAndFailStateTests : IDisposable
{
    private readonly EngineFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Succeed_ends_the_execution_with_its_input()
    {
        var result = await _f.RunAsync(Machines.Single("""{"Type":"Succeed"}"""), """{"a":1}""");

        Assert.Equal("SUCCEEDED", result.Status);
        JsonAssert.Equal("""{"a":1}""", result.Output);
    }

    [Fact]
    public async Task Succeed_applies_InputPath_then_OutputPath()
    {
        var result = await _f.RunAsync(Machines.Single("""{"Type":"Succeed","InputPath":"$.a","OutputPath":"$.b"}"""), """{"a":{"b":"x"}}""");

        JsonAssert.Equal("\"x\"", result.Output);
    }

    [Fact]
    public async Task Succeed_with_OutputPath_null_outputs_an_empty_object()
    {
        var result = await _f.RunAsync(Machines.Single("""{"Type":"Succeed","OutputPath":null}"""), """{"a":1}""");

        JsonAssert.Equal("{}", result.Output);
    }

    [Fact]
    public async Task Fail_ends_the_execution_with_its_Error_and_Cause()
    {
        var result = await _f.RunAsync(Machines.Single("""{"Type":"Fail","Error":"Custom.Error","Cause":"because"}"""), "{}");

        Assert.Equal("FAILED", result.Status);
        Assert.Equal("Custom.Error", result.Error);
        Assert.Equal("because", result.Cause);
        Assert.Null(result.Output);
    }

    [Fact]
    public async Task Fail_without_Error_or_Cause_fails_with_empty_ones()
    {
        var result = await _f.RunAsync(Machines.Single("""{"Type":"Fail"}"""), "{}");

        Assert.Equal("FAILED", result.Status);
        Assert.Equal("", result.Error);
        Assert.Equal("", result.Cause);
    }

    [Fact]
    public async Task ErrorPath_and_CausePath_read_them_from_the_input()
    {
        var result = await _f.RunAsync(Machines.Single("""{"Type":"Fail","ErrorPath":"$.e","CausePath":"$.c"}"""), """{"e":"From.Input","c":"read"}""");

        Assert.Equal("From.Input", result.Error);
        Assert.Equal("read", result.Cause);
    }

    [Fact]
    public async Task An_ErrorPath_that_is_not_a_string_fails_with_States_Runtime()
    {
        var result = await _f.RunAsync(Machines.Single("""{"Type":"Fail","ErrorPath":"$.e"}"""), """{"e":42}""");

        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task A_Fail_state_is_not_caught_by_its_own_scope()
    {
        // Fail states have no Catch; only an enclosing Parallel's Catch sees their error.
        var definition = Machines.Of(
            ("P", """{"Type":"Parallel","Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E"}}}],"Catch":[{"ErrorEquals":["E"],"ResultPath":"$.caught","Next":"Done"}],"End":true}"""),
            ("Done", """{"Type":"Succeed"}"""));

        var result = await _f.RunAsync(definition, "{}");

        Assert.Equal("SUCCEEDED", result.Status);
        JsonAssert.Equal("""{"caught":{"Error":"E","Cause":""}}""", result.Output);
    }

    [Fact]
    public async Task The_history_ends_with_ExecutionFailed_carrying_error_and_cause()
    {
        var result = await _f.RunAsync(Machines.Single("""{"Type":"Fail","Error":"E","Cause":"C"}"""), "{}");
        var last = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events[^1];

        Assert.Equal("ExecutionFailed", last.Type);
        Assert.Equal("E", last.Details!["error"]!.GetValue<string>());
        Assert.Equal("C", last.Details["cause"]!.GetValue<string>());
    }
}
