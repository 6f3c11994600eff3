using SmusServerless.Local.StepFunctions.Tests.Engine;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Specification;

/// <summary>The Parallel state: every branch runs on the same input; the result is the array of branch outputs, in branch order.</summary>
public sealed class ParallelStateTests : IDisposable
{
    private readonly EngineFixture _f = new();

    public void Dispose() => _f.Dispose();

    private static string Branch(string state) => "{\"StartAt\":\"B\",\"States\":{\"B\":" + state + "}}";

    private static string Parallel(string fields, params string[] branchStates)
        => $$"""{"Type":"Parallel","Branches":[{{string.Join(",", branchStates.Select((s, i) => Branch(s).Replace("\"B\"", $"\"B{i}\"")))}}]{{fields}},"End":true}""";

    [Fact]
    public async Task The_result_is_the_branch_outputs_in_branch_order()
    {
        var state = Parallel("",
            """{"Type":"Wait","Seconds":10,"Next":"Done"},"Done":{"Type":"Pass","Result":"slow","End":true}""",
            """{"Type":"Pass","Result":"fast","End":true}""");

        var result = await _f.RunAsync(Machines.Single(state), "{}");

        JsonAssert.Equal("""["slow","fast"]""", result.Output);
    }

    [Fact]
    public async Task Every_branch_receives_the_same_input()
    {
        var state = Parallel("", """{"Type":"Pass","End":true}""", """{"Type":"Pass","End":true}""");

        var result = await _f.RunAsync(Machines.Single(state), """{"x":1}""");

        JsonAssert.Equal("""[{"x":1},{"x":1}]""", result.Output);
    }

    [Fact]
    public async Task Branches_run_side_by_side_on_the_clock()
    {
        var state = Parallel("", """{"Type":"Wait","Seconds":60,"End":true}""", """{"Type":"Wait","Seconds":60,"End":true}""");
        var start = _f.Clock.GetUtcNow();

        await _f.RunAsync(Machines.Single(state), "{}");

        Assert.Equal(TimeSpan.FromSeconds(60), _f.Clock.GetUtcNow() - start);
    }

    [Fact]
    public async Task Parameters_shape_the_branch_input()
    {
        var state = Parallel(""","Parameters":{"only.$":"$.a"}""", """{"Type":"Pass","End":true}""");

        var result = await _f.RunAsync(Machines.Single(state), """{"a":1,"b":2}""");

        JsonAssert.Equal("""[{"only":1}]""", result.Output);
    }

    [Fact]
    public async Task ResultSelector_and_ResultPath_place_the_results()
    {
        var state = Parallel(""","ResultSelector":{"first.$":"$[0]"},"ResultPath":"$.r" """, """{"Type":"Pass","Result":1,"End":true}""");

        var result = await _f.RunAsync(Machines.Single(state), """{"in":true}""");

        JsonAssert.Equal("""{"in":true,"r":{"first":1}}""", result.Output);
    }

    [Fact]
    public async Task A_failed_branch_fails_the_Parallel_state_with_the_branch_error()
    {
        var state = Parallel("", """{"Type":"Fail","Error":"Branch.Broke","Cause":"b1"}""", """{"Type":"Pass","End":true}""");

        var result = await _f.RunAsync(Machines.Single(state), "{}");

        Assert.Equal(("FAILED", "Branch.Broke", "b1"), (result.Status, result.Error, result.Cause));
    }

    [Fact]
    public async Task A_failed_branch_stops_the_other_branches()
    {
        var state = Parallel("", """{"Type":"Fail","Error":"E"}""", """{"Type":"Wait","Seconds":3600,"End":true}""");
        var start = _f.Clock.GetUtcNow();

        await _f.RunAsync(Machines.Single(state), "{}");

        Assert.Equal(start, _f.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Catch_on_the_Parallel_state_handles_a_branch_error()
    {
        var definition = Machines.Of(
            ("P", Parallel(""","Catch":[{"ErrorEquals":["E"],"Next":"Handled"}]""", """{"Type":"Fail","Error":"E","Cause":"c"}""")),
            ("Handled", """{"Type":"Pass","End":true}"""));

        var result = await _f.RunAsync(definition, "{}");

        JsonAssert.Equal("""{"Error":"E","Cause":"c"}""", result.Output);
    }

    [Fact]
    public async Task Retry_on_the_Parallel_state_runs_all_branches_again()
    {
        var flaky = $$"""{"Type":"Task","Resource":"{{Machines.Function("flaky")}}","End":true}""";
        var calls = 0;
        _f.Lambda.Handles("flaky", _ => ++calls < 2
            ? Tasks.LambdaInvocationResult.Error(new Tasks.LambdaFunctionError("Flaky", "once"))
            : Tasks.LambdaInvocationResult.Success("1"u8.ToArray()));
        var state = Parallel(""","Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":1}]""", flaky, """{"Type":"Pass","Result":2,"End":true}""");

        var result = await _f.RunAsync(Machines.Single(state), "{}");

        Assert.Equal("SUCCEEDED", result.Status);
        JsonAssert.Equal("[1,2]", result.Output);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Parallel_states_nest()
    {
        var inner = Parallel("", """{"Type":"Pass","Result":"a","End":true}""").Replace("\"B0\"", "\"Inner\"");
        var state = Parallel("", inner);

        var result = await _f.RunAsync(Machines.Single(state), "{}");

        JsonAssert.Equal("""[["a"]]""", result.Output);
    }

    [Fact]
    public async Task A_Parallel_state_records_started_and_succeeded_events()
    {
        var result = await _f.RunAsync(Machines.Single(Parallel("", """{"Type":"Pass","End":true}""")), "{}");
        var types = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events.Select(e => e.Type).ToList();

        Assert.Equal(["ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted", "PassStateEntered", "PassStateExited",
            "ParallelStateSucceeded", "ParallelStateExited", "ExecutionSucceeded"], types);
    }

    [Fact]
    public async Task A_failing_Parallel_state_records_ParallelStateFailed()
    {
        var result = await _f.RunAsync(Machines.Single(Parallel("", """{"Type":"Fail","Error":"E"}""")), "{}");
        var types = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events.Select(e => e.Type).ToList();

        Assert.Contains("ParallelStateFailed", types);
        Assert.Equal("ExecutionFailed", types[^1]);
    }
}
