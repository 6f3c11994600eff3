using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Tests.Engine;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Specification;

/// <summary>The Wait state on the virtual clock: the engine jumps to the due time, nothing sleeps.</summary>
public sealed class WaitStateTests : IDisposable
{
    private readonly EngineFixture _f = new();

    public void Dispose() => _f.Dispose();

    private async Task<(ExecutionDescription Result, TimeSpan Waited)> Run(string wait, string input = "{}")
    {
        var start = _f.Clock.GetUtcNow();
        var result = await _f.RunAsync(Machines.Single(wait), input);
        return (result, _f.Clock.GetUtcNow() - start);
    }

    [Fact]
    public async Task Seconds_waits_that_many_seconds_of_engine_time()
    {
        var (result, waited) = await Run("""{"Type":"Wait","Seconds":90,"End":true}""");

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal(TimeSpan.FromSeconds(90), waited);
    }

    [Fact]
    public async Task Seconds_zero_passes_straight_through()
    {
        var (result, waited) = await Run("""{"Type":"Wait","Seconds":0,"End":true}""");

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal(TimeSpan.Zero, waited);
    }

    [Fact]
    public async Task SecondsPath_reads_the_wait_from_the_input()
    {
        var (_, waited) = await Run("""{"Type":"Wait","SecondsPath":"$.delay","End":true}""", """{"delay":45}""");

        Assert.Equal(TimeSpan.FromSeconds(45), waited);
    }

    [Fact]
    public async Task Timestamp_waits_until_that_instant()
    {
        var until = _f.Clock.GetUtcNow().AddDays(2);
        var (_, waited) = await Run($$"""{"Type":"Wait","Timestamp":"{{until.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}","End":true}""");

        Assert.Equal(TimeSpan.FromDays(2), waited);
    }

    [Fact]
    public async Task TimestampPath_reads_the_instant_from_the_input()
    {
        var until = _f.Clock.GetUtcNow().AddHours(3);
        var (_, waited) = await Run("""{"Type":"Wait","TimestampPath":"$.at","End":true}""",
            new JsonObject { ["at"] = until.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ") }.ToJsonString());

        Assert.Equal(TimeSpan.FromHours(3), waited);
    }

    [Fact]
    public async Task A_Timestamp_in_the_past_does_not_wait()
    {
        var (result, waited) = await Run("""{"Type":"Wait","Timestamp":"2000-01-01T00:00:00Z","End":true}""");

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal(TimeSpan.Zero, waited);
    }

    [Fact]
    public async Task The_output_is_the_input_through_InputPath_and_OutputPath()
    {
        var (result, _) = await Run("""{"Type":"Wait","Seconds":1,"InputPath":"$.a","OutputPath":"$.b","End":true}""", """{"a":{"b":[1]}}""");

        JsonAssert.Equal("[1]", result.Output);
    }

    [Fact]
    public async Task A_waiting_execution_is_running_until_the_clock_reaches_the_due_time()
    {
        var arn = await _f.StartAsync(Machines.Single("""{"Type":"Wait","Seconds":60,"End":true}"""));
        await _f.Engine.AdvanceClockAsync(TimeSpan.Zero);

        Assert.Equal("SUCCEEDED", _f.Engine.DescribeExecution(arn).Status);
    }

    [Theory]
    [InlineData("""{"delay":-1}""")]
    [InlineData("""{"delay":1.5}""")]
    [InlineData("""{"delay":"10"}""")]
    public async Task A_SecondsPath_value_that_is_not_a_non_negative_integer_fails_with_States_Runtime(string input)
    {
        var (result, _) = await Run("""{"Type":"Wait","SecondsPath":"$.delay","End":true}""", input);

        Assert.Equal("FAILED", result.Status);
        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task A_TimestampPath_value_that_is_not_a_timestamp_fails_with_States_Runtime()
    {
        var (result, _) = await Run("""{"Type":"Wait","TimestampPath":"$.at","End":true}""", """{"at":"tomorrow"}""");

        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task A_SecondsPath_that_selects_nothing_fails_with_States_Runtime()
    {
        var (result, _) = await Run("""{"Type":"Wait","SecondsPath":"$.none","End":true}""");

        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task A_Wait_state_records_entered_then_exited()
    {
        var (result, _) = await Run("""{"Type":"Wait","Seconds":5,"End":true}""");
        var events = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events;

        Assert.Equal(["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded"], events.Select(e => e.Type));
        Assert.Equal(TimeSpan.FromSeconds(5), events[2].Timestamp - events[1].Timestamp);
    }
}
