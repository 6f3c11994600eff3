using SmusServerless.Local.StepFunctions.Tests.Engine;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Specification;

/// <summary>Signals from outside a waiting task (.waitForTaskToken): the result path, Retry/Catch, StopExecution.</summary>
public sealed class CallbackSignalsTests : IDisposable
{
    private const string Callback = """
        {"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
         "Parameters":{"FunctionName":"notify","Payload":{"token.$":"$$.Task.Token"}},HANDLING"End":true}
        """;

    private readonly EngineFixture _f = new();

    public CallbackSignalsTests()
    {
        _f.Lambda.Returns("notify", _ => null);
    }

    public void Dispose() => _f.Dispose();

    private async Task<(string Arn, string Token)> Start(string handling = "", string input = "{}")
    {
        var state = Callback.Replace("HANDLING", handling, StringComparison.Ordinal);
        var definition = handling.Contains("Catch", StringComparison.Ordinal) ? Machines.Of(("S", state), ("Caught", """{"Type":"Pass","End":true}""")) : Machines.Single(state);
        var arn = await _f.StartAsync(definition, input);
        await _f.Engine.RunUntilIdleAsync();
        return (arn, _f.Lambda.Invocations[^1].Payload!["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_callback_output_goes_through_ResultSelector_and_ResultPath()
    {
        var (arn, token) = await Start("\"ResultSelector\":{\"ok.$\":\"$.approved\"},\"ResultPath\":\"$.decision\",", """{"id":1}""");

        await _f.Engine.SendTaskSuccessAsync(token, """{"approved":true}""");
        await _f.Engine.RunUntilIdleAsync();

        JsonAssert.Equal("""{"id":1,"decision":{"ok":true}}""", _f.Engine.DescribeExecution(arn).Output);
    }

    [Fact]
    public async Task A_callback_failure_without_error_or_cause_fails_with_empty_ones()
    {
        var (arn, token) = await Start();

        await _f.Engine.SendTaskFailureAsync(token);
        await _f.Engine.RunUntilIdleAsync();

        var result = _f.Engine.DescribeExecution(arn);
        Assert.Equal(("FAILED", "", ""), (result.Status, result.Error, result.Cause));
    }

    [Fact]
    public async Task A_callback_failure_is_caught_like_any_task_error()
    {
        var (arn, token) = await Start("\"Catch\":[{\"ErrorEquals\":[\"Rejected\"],\"ResultPath\":\"$.why\",\"Next\":\"Caught\"}],");

        await _f.Engine.SendTaskFailureAsync(token, "Rejected", "no");
        await _f.Engine.RunUntilIdleAsync();

        JsonAssert.Equal("""{"why":{"Error":"Rejected","Cause":"no"}}""", _f.Engine.DescribeExecution(arn).Output);
    }

    [Fact]
    public async Task A_callback_failure_is_retried_with_a_new_token()
    {
        var (arn, first) = await Start("\"Retry\":[{\"ErrorEquals\":[\"Busy\"],\"IntervalSeconds\":1}],");

        await _f.Engine.SendTaskFailureAsync(first, "Busy");
        await _f.Engine.RunUntilIdleAsync();
        var second = _f.Lambda.Invocations[^1].Payload!["token"]!.GetValue<string>();

        Assert.NotEqual(first, second);
        Assert.Equal("RUNNING", _f.Engine.DescribeExecution(arn).Status);
    }

    [Fact]
    public async Task StopExecution_aborts_with_the_given_error_and_cause()
    {
        var (arn, _) = await Start();

        await _f.Engine.StopExecutionAsync(arn, "Operator.Stop", "manual");

        var result = _f.Engine.DescribeExecution(arn);
        Assert.Equal(("ABORTED", "Operator.Stop", "manual"), (result.Status, result.Error, result.Cause));
        Assert.Equal("ExecutionAborted", _f.Engine.GetExecutionHistory(arn, 1000).Events[^1].Type);
    }

    [Fact]
    public async Task No_task_waits_once_the_callback_has_arrived()
    {
        var (arn, token) = await Start();

        await _f.Engine.SendTaskSuccessAsync(token, "{}");
        await _f.Engine.RunUntilIdleAsync();

        Assert.Empty(_f.Engine.ListWaitingTasks(arn));
    }
}
