using SmusServerless.Local.StepFunctions.Definition;
using SmusServerless.Local.StepFunctions.Tasks;
using SmusServerless.Local.StepFunctions.Tests.Engine;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Specification;

/// <summary>
/// The predefined error names ("Error Names") the engine knows: which situation raises each one, and which
/// ErrorEquals entries match it. Errors raised elsewhere are specified beside their state (see the other classes).
/// </summary>
public sealed class ErrorNamesTests : IDisposable
{
    private const string Callback = """
        {"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
         "Parameters":{"FunctionName":"notify","Payload":{"token.$":"$$.Task.Token"}},HANDLING"End":true}
        """;

    private readonly EngineFixture _f = new();

    public ErrorNamesTests()
    {
        _f.Lambda.Returns("notify", _ => null);
    }

    public void Dispose() => _f.Dispose();

    private async Task<(string Arn, string Token)> StartCallback(string handling, string? extraState = null)
    {
        var state = Callback.Replace("HANDLING", handling, StringComparison.Ordinal);
        var definition = extraState is null ? Machines.Single(state) : Machines.Of(("S", state), ("Caught", extraState));
        var arn = await _f.StartAsync(definition);
        await _f.Engine.RunUntilIdleAsync();
        return (arn, _f.Lambda.Invocations[^1].Payload!["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task States_HeartbeatTimeout_is_raised_when_no_heartbeat_arrives_in_HeartbeatSeconds()
    {
        var (arn, _) = await StartCallback("\"HeartbeatSeconds\":30,");

        await _f.Engine.AdvanceClockAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("States.HeartbeatTimeout", _f.Engine.DescribeExecution(arn).Error);
    }

    [Fact]
    public async Task A_heartbeat_moves_the_heartbeat_deadline_on()
    {
        var (arn, token) = await StartCallback("\"HeartbeatSeconds\":30,");

        await _f.Engine.AdvanceClockAsync(TimeSpan.FromSeconds(20));
        await _f.Engine.SendTaskHeartbeatAsync(token);
        await _f.Engine.AdvanceClockAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("RUNNING", _f.Engine.DescribeExecution(arn).Status);
    }

    [Fact]
    public async Task States_Timeout_is_raised_when_a_callback_misses_TimeoutSeconds()
    {
        var (arn, _) = await StartCallback("\"TimeoutSeconds\":60,");

        await _f.Engine.AdvanceClockAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("States.Timeout", _f.Engine.DescribeExecution(arn).Error);
    }

    [Fact]
    public async Task States_Timeout_in_ErrorEquals_also_catches_a_heartbeat_timeout()
    {
        var (arn, _) = await StartCallback("""
            "HeartbeatSeconds":5,"Catch":[{"ErrorEquals":["States.Timeout"],"Next":"Caught"}],
            """, """{"Type":"Succeed"}""");

        await _f.Engine.AdvanceClockAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("SUCCEEDED", _f.Engine.DescribeExecution(arn).Status);
    }

    [Fact]
    public async Task States_TaskFailed_does_not_catch_a_timeout()
    {
        var (arn, _) = await StartCallback("""
            "TimeoutSeconds":5,"Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"Caught"}],
            """, """{"Type":"Succeed"}""");

        await _f.Engine.AdvanceClockAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(("FAILED", "States.Timeout"), (_f.Engine.DescribeExecution(arn).Status, _f.Engine.DescribeExecution(arn).Error));
    }

    [Fact]
    public async Task SendTaskFailure_raises_the_error_it_names()
    {
        var (arn, token) = await StartCallback("");

        await _f.Engine.SendTaskFailureAsync(token, "Rejected", "by reviewer");
        await _f.Engine.RunUntilIdleAsync();

        var result = _f.Engine.DescribeExecution(arn);
        Assert.Equal(("Rejected", "by reviewer"), (result.Error, result.Cause));
    }

    [Fact]
    public async Task The_execution_TimeoutSeconds_times_the_execution_out_with_States_Timeout()
    {
        var definition = """{"TimeoutSeconds":10,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}""";
        var arn = await _f.StartAsync(definition);

        await _f.Engine.AdvanceClockAsync(TimeSpan.FromSeconds(10));

        var result = _f.Engine.DescribeExecution(arn);
        Assert.Equal(("TIMED_OUT", "States.Timeout"), (result.Status, result.Error));
    }

    [Fact]
    public async Task Predefined_names_the_engine_never_raises_still_match_a_task_error_of_that_name()
    {
        _f.Lambda.Fails("denied", new LambdaFunctionError(ErrorNames.Permissions, "no access"));
        var definition = Machines.Of(
            ("T", $$"""{"Type":"Task","Resource":"{{Machines.Function("denied")}}","Catch":[{"ErrorEquals":["States.Permissions"],"Next":"Caught"}],"End":true}"""),
            ("Caught", """{"Type":"Succeed"}"""));

        var result = await _f.RunAsync(definition, "{}");

        Assert.Equal("SUCCEEDED", result.Status);
    }

    [Theory]
    [InlineData(ErrorNames.All, ErrorNames.BranchFailed, true)]
    [InlineData(ErrorNames.All, ErrorNames.Permissions, true)]
    [InlineData(ErrorNames.All, ErrorNames.Timeout, true)]
    [InlineData(ErrorNames.All, ErrorNames.Runtime, false)]
    [InlineData(ErrorNames.All, ErrorNames.DataLimitExceeded, false)]
    [InlineData(ErrorNames.TaskFailed, "Lambda.ServiceException", true)]
    [InlineData(ErrorNames.TaskFailed, ErrorNames.HeartbeatTimeout, false)]
    [InlineData(ErrorNames.TaskFailed, ErrorNames.Runtime, false)]
    [InlineData(ErrorNames.Timeout, ErrorNames.HeartbeatTimeout, true)]
    [InlineData(ErrorNames.HeartbeatTimeout, ErrorNames.Timeout, false)]
    [InlineData(ErrorNames.NoChoiceMatched, ErrorNames.NoChoiceMatched, true)]
    [InlineData(ErrorNames.ParameterPathFailure, ErrorNames.ResultPathMatchFailure, false)]
    [InlineData(ErrorNames.IntrinsicFailure, ErrorNames.IntrinsicFailure, true)]
    [InlineData(ErrorNames.ExceedToleratedFailureThreshold, ErrorNames.ExceedToleratedFailureThreshold, true)]
    [InlineData(ErrorNames.Runtime, ErrorNames.Runtime, true)]
    [InlineData("Custom.Error", "custom.error", false)]
    public void ErrorEquals_matching(string pattern, string error, bool matches)
        => Assert.Equal(matches, ErrorNames.Matches(pattern, error));

    [Fact]
    public void A_list_of_ErrorEquals_matches_when_any_entry_matches()
        => Assert.True(ErrorNames.Matches(["A", ErrorNames.Timeout], ErrorNames.HeartbeatTimeout));
}
