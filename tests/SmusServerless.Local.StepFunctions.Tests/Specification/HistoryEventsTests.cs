using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Tests.Engine;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Specification;

/// <summary>The history events each kind of state records, in GetExecutionHistory's shape.</summary>
public sealed class HistoryEventsTests : IDisposable
{
    private const string Callback = """
        {"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
         "Parameters":{"FunctionName":"notify","Payload":{"token.$":"$$.Task.Token"}},"End":true}
        """;

    private readonly EngineFixture _f = new();

    public HistoryEventsTests()
    {
        _f.Lambda.Returns("notify", _ => new JsonObject { ["queued"] = true });
        _f.Lambda.Returns("echo", p => p);
    }

    public void Dispose() => _f.Dispose();

    private IReadOnlyList<SmusServerless.Local.StepFunctions.Execution.HistoryEvent> Events(string arn) => _f.Engine.GetExecutionHistory(arn, 1000).Events;

    [Fact]
    public async Task ExecutionStarted_carries_the_input()
    {
        var result = await _f.RunAsync(Machines.Single("""{"Type":"Succeed"}"""), """{"a":1}""");
        var started = Events(result.ExecutionArn)[0];

        Assert.Equal("ExecutionStarted", started.Type);
        JsonAssert.Equal("""{"a":1}""", started.Details!["input"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_state_exit_carries_the_state_name_and_output()
    {
        var result = await _f.RunAsync(Machines.Single("""{"Type":"Pass","Result":{"r":1},"End":true}"""), "{}");
        var exited = Events(result.ExecutionArn).Single(e => e.Type == "PassStateExited");

        Assert.Equal("stateExitedEventDetails", exited.DetailsKey);
        Assert.Equal("S", exited.Details!["name"]!.GetValue<string>());
        JsonAssert.Equal("""{"r":1}""", exited.Details["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExecutionSucceeded_carries_the_output()
    {
        var result = await _f.RunAsync(Machines.Single("""{"Type":"Pass","Result":[1],"End":true}"""), "{}");
        var last = Events(result.ExecutionArn)[^1];

        Assert.Equal(("ExecutionSucceeded", "executionSucceededEventDetails"), (last.Type, last.DetailsKey));
        JsonAssert.Equal("[1]", last.Details!["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_callback_task_records_TaskSubmitted_with_the_call_result()
    {
        var arn = await _f.StartAsync(Machines.Single(Callback));
        await _f.Engine.RunUntilIdleAsync();
        var submitted = Events(arn).Single(e => e.Type == "TaskSubmitted");

        Assert.Equal("invoke.waitForTaskToken", submitted.Details!["resource"]!.GetValue<string>());
        Assert.Contains("queued", submitted.Details["output"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_task_token_is_redacted_in_the_scheduled_parameters()
    {
        var arn = await _f.StartAsync(Machines.Single(Callback));
        await _f.Engine.RunUntilIdleAsync();
        var token = _f.Lambda.Invocations[^1].Payload!["token"]!.GetValue<string>();
        var parameters = Events(arn).Single(e => e.Type == "TaskScheduled").Details!["parameters"]!.GetValue<string>();

        Assert.DoesNotContain(token, parameters, StringComparison.Ordinal);
        Assert.Contains("<task token redacted>", parameters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_callback_success_is_recorded_as_TaskSucceeded_with_the_callback_output()
    {
        var arn = await _f.StartAsync(Machines.Single(Callback));
        await _f.Engine.RunUntilIdleAsync();
        var token = _f.Lambda.Invocations[^1].Payload!["token"]!.GetValue<string>();

        await _f.Engine.SendTaskSuccessAsync(token, """{"ok":true}""");
        await _f.Engine.RunUntilIdleAsync();

        var succeeded = Events(arn).Single(e => e.Type == "TaskSucceeded" && e.Details!["output"]!.GetValue<string>().Contains("ok", StringComparison.Ordinal));
        Assert.Equal("lambda", succeeded.Details!["resourceType"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_heartbeat_timeout_is_recorded_as_TaskTimedOut()
    {
        var arn = await _f.StartAsync(Machines.Single(Callback.Replace("\"End\":true", "\"HeartbeatSeconds\":5,\"End\":true", StringComparison.Ordinal)));
        await _f.Engine.RunUntilIdleAsync();

        await _f.Engine.AdvanceClockAsync(TimeSpan.FromSeconds(5));

        var timedOut = Events(arn).Single(e => e.Type == "TaskTimedOut");
        Assert.Equal(("taskTimedOutEventDetails", "States.HeartbeatTimeout"), (timedOut.DetailsKey, timedOut.Details!["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_Lambda_function_ARN_records_LambdaFunctionScheduled_with_its_input()
    {
        var result = await _f.RunAsync(Machines.Single($$"""{"Type":"Task","Resource":"{{Machines.Function("echo")}}","TimeoutSeconds":9,"End":true}"""), """{"x":1}""");
        var scheduled = Events(result.ExecutionArn).Single(e => e.Type == "LambdaFunctionScheduled");

        Assert.Equal(Machines.Function("echo"), scheduled.Details!["resource"]!.GetValue<string>());
        JsonAssert.Equal("""{"x":1}""", scheduled.Details["input"]!.GetValue<string>());
        Assert.Equal(9, scheduled.Details["timeoutInSeconds"]!.GetValue<int>());
        Assert.Contains(Events(result.ExecutionArn), e => e.Type == "LambdaFunctionStarted");
    }

    [Fact]
    public async Task Events_of_a_Parallel_branch_chain_back_to_the_Parallel_state()
    {
        var state = """{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],"End":true}""";
        var result = await _f.RunAsync(Machines.Single(state), "{}");
        var events = Events(result.ExecutionArn);

        var parallelStarted = events.Single(e => e.Type == "ParallelStateStarted");
        var branchEntered = events.Single(e => e.Type == "PassStateEntered");
        Assert.Equal(parallelStarted.Id, branchEntered.PreviousEventId);
    }

    [Fact]
    public async Task Event_timestamps_come_from_the_engine_clock()
    {
        var result = await _f.RunAsync(Machines.Of(("W", """{"Type":"Wait","Seconds":3600,"Next":"P"}"""), ("P", """{"Type":"Pass","End":true}""")), "{}");
        var events = Events(result.ExecutionArn);

        Assert.Equal(TimeSpan.FromHours(1), events.Single(e => e.Type == "PassStateEntered").Timestamp - events[0].Timestamp);
    }
}
