using System.Text.Json.Nodes;

namespace SmusServerless.Local.StepFunctions.Tests.Engine;

/// <summary>GetExecutionHistory events, paging, state transitions and the virtual clock.</summary>
public sealed class HistoryTests : IDisposable
{
    private readonly EngineFixture _f = new();

    public void Dispose() => _f.Dispose();

    private const string LambdaThenWait = """
        {"StartAt":"Call","States":{
          "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"fn","Payload.$":"$"},
                  "OutputPath":"$.Payload","Next":"Pause"},
          "Pause":{"Type":"Wait","Seconds":86400,"End":true}}}
        """;

    [Fact]
    public async Task Records_the_events_of_a_run_in_order()
    {
        _f.Lambda.Returns("fn", p => p);
        var result = await _f.RunAsync(LambdaThenWait, """{"x":1}""");
        var events = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events;

        Assert.Equal(
            ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
             "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded"],
            events.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Id));
        Assert.All(events.Skip(1), e => Assert.Equal(e.Id - 1, e.PreviousEventId));
    }

    [Fact]
    public async Task Event_details_have_the_service_model_shape()
    {
        _f.Lambda.Returns("fn", p => p);
        var result = await _f.RunAsync(LambdaThenWait, """{"x":1}""");
        var events = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events;

        var scheduled = events.Single(e => e.Type == "TaskScheduled");
        Assert.Equal("taskScheduledEventDetails", scheduled.DetailsKey);
        Assert.Equal("lambda", scheduled.Details!["resourceType"]!.GetValue<string>());
        Assert.Equal("invoke", scheduled.Details["resource"]!.GetValue<string>());
        Assert.Equal("""{"FunctionName":"fn","Payload":{"x":1}}""", scheduled.Details["parameters"]!.GetValue<string>());
        var entered = events.Single(e => e.Type == "TaskStateEntered");
        Assert.Equal("Call", entered.Details!["name"]!.GetValue<string>());
        var wire = events[0].ToWireJson();
        Assert.Equal(["timestamp", "type", "id", "previousEventId", "executionStartedEventDetails"], wire.Select(kv => kv.Key));
    }

    [Fact]
    public async Task A_one_day_wait_takes_no_real_time_on_the_virtual_clock()
    {
        _f.Lambda.Returns("fn", p => p);
        var started = _f.Clock.GetUtcNow();

        var result = await _f.RunAsync(LambdaThenWait);

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal(started.AddDays(1), result.StopDate);
    }

    [Fact]
    public async Task Counts_state_transitions_including_retries()
    {
        var definition = """
            {"StartAt":"A","States":{"A":{"Type":"Pass","Next":"T"},
              "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:flaky","Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":2}],"End":true}}}
            """;
        var calls = 0;
        _f.Lambda.Handles("flaky", _ => ++calls < 3
            ? Tasks.LambdaInvocationResult.Error(new Tasks.LambdaFunctionError("Flaky", "try again"))
            : Tasks.LambdaInvocationResult.Success("\"ok\""u8.ToArray()));

        var result = await _f.RunAsync(definition);

        Assert.Equal("SUCCEEDED", result.Status);
        // Pass (1) + Task (1) + two retries (each retry is a transition).
        Assert.Equal(2 + 2, result.StateTransitions);
    }

    [Fact]
    public async Task Retry_intervals_grow_by_the_backoff_rate_up_to_MaxDelaySeconds()
    {
        var definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:down",
              "Retry":[{"ErrorEquals":["Down"],"IntervalSeconds":1,"BackoffRate":2,"MaxAttempts":4,"MaxDelaySeconds":3}],"End":true}}}
            """;
        _f.Lambda.Fails("down", new Tasks.LambdaFunctionError("Down", "still down"));

        var result = await _f.RunAsync(definition);

        var attempts = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events
            .Where(e => e.Type == "LambdaFunctionScheduled").Select(e => e.Timestamp).ToList();
        var gaps = attempts.Zip(attempts.Skip(1)).Select(p => (p.Second - p.First).TotalSeconds);
        Assert.Equal([1.0, 2.0, 3.0, 3.0], gaps);
        Assert.Equal(("FAILED", "Down"), (result.Status, result.Error));
    }

    [Fact]
    public async Task Full_jitter_never_waits_longer_than_the_computed_interval()
    {
        var definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:down",
              "Retry":[{"ErrorEquals":["Down"],"IntervalSeconds":10,"MaxAttempts":3,"JitterStrategy":"FULL"}],"End":true}}}
            """;
        _f.Lambda.Fails("down", new Tasks.LambdaFunctionError("Down", "x"));

        var result = await _f.RunAsync(definition);

        var attempts = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events
            .Where(e => e.Type == "LambdaFunctionScheduled").Select(e => e.Timestamp).ToList();
        var gaps = attempts.Zip(attempts.Skip(1)).Select(p => (p.Second - p.First).TotalSeconds).ToList();
        Assert.Equal(3, gaps.Count);
        Assert.All(gaps.Zip([10.0, 20.0, 40.0]), g => Assert.InRange(g.First, 0, g.Second));
    }

    [Fact]
    public async Task History_pages_with_an_opaque_next_token_and_can_be_reversed()
    {
        _f.Lambda.Returns("fn", p => p);
        var result = await _f.RunAsync(LambdaThenWait);

        var first = _f.Engine.GetExecutionHistory(result.ExecutionArn, maxResults: 4);
        var second = _f.Engine.GetExecutionHistory(result.ExecutionArn, maxResults: 4, nextToken: first.NextToken);
        var third = _f.Engine.GetExecutionHistory(result.ExecutionArn, maxResults: 4, nextToken: second.NextToken);
        var reversed = _f.Engine.GetExecutionHistory(result.ExecutionArn, maxResults: 1, reverseOrder: true);

        Assert.Equal(9, first.Events.Count + second.Events.Count + third.Events.Count);
        Assert.Null(third.NextToken);
        Assert.Equal("ExecutionSucceeded", reversed.Events[0].Type);
        var ex = Assert.Throws<StepFunctionsException>(() => _f.Engine.GetExecutionHistory(result.ExecutionArn, nextToken: "Z2FyYmFnZQ=="));
        Assert.Equal("InvalidToken", ex.ErrorCode);
    }

    [Fact]
    public async Task History_without_execution_data_leaves_out_inputs_and_outputs()
    {
        _f.Lambda.Returns("fn", p => p);
        var result = await _f.RunAsync(LambdaThenWait);

        var events = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000, includeExecutionData: false).Events;

        Assert.All(events.Where(e => e.Details is not null), e =>
        {
            Assert.False(e.Details!.ContainsKey("input"));
            Assert.False(e.Details.ContainsKey("output"));
        });
    }

    [Fact]
    public async Task Describe_has_the_DescribeExecution_shape()
    {
        _f.Lambda.Returns("fn", p => p);
        var result = await _f.RunAsync(LambdaThenWait, """{"x":2}""");

        var wire = result.ToWireJson();

        Assert.Equal("SUCCEEDED", wire["status"]!.GetValue<string>());
        Assert.Equal("""{"x":2}""", wire["output"]!.GetValue<string>());
        Assert.StartsWith("arn:aws:states:us-east-1:123456789012:execution:machine:", wire["executionArn"]!.GetValue<string>());
        Assert.True(wire["stopDate"]!.GetValue<double>() > wire["startDate"]!.GetValue<double>());
    }

    [Fact]
    public async Task Map_and_parallel_states_record_their_own_events()
    {
        var definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
              "Branches":[{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}}]}}},"End":true}}}
            """;
        var result = await _f.RunAsync(definition, "[1,2]");
        var types = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events.Select(e => e.Type).ToList();

        Assert.Contains("MapStateStarted", types);
        Assert.Equal(2, types.Count(t => t == "MapIterationStarted"));
        Assert.Equal(2, types.Count(t => t == "MapIterationSucceeded"));
        Assert.Equal(2, types.Count(t => t == "ParallelStateSucceeded"));
        Assert.Contains("MapStateSucceeded", types);
    }
}
