using Sfn = SmusServerless.Aws.StepFunctions;

namespace SmusServerless.Local.StepFunctions.Tests.Engine;

/// <summary>The engine's API in the generated Step Functions shapes (what the local endpoint passes through).</summary>
public sealed class WireShapeTests : IDisposable
{
    private readonly EngineFixture _f = new();

    public void Dispose() => _f.Dispose();

    private const string MapOfParallelThenLambda = """
        {"StartAt":"M","States":{
          "M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
               "Branches":[{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}}]}}},"ResultPath":null,"Next":"Call"},
          "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"fn","Payload.$":"$"},"OutputPath":"$.Payload","End":true}}}
        """;

    [Fact]
    public async Task Start_and_describe_answer_in_the_generated_shapes()
    {
        _f.Lambda.Returns("fn", p => p);
        var machine = _f.Engine.CreateStateMachine("wire", MapOfParallelThenLambda);

        var started = await _f.Engine.StartExecutionAsync(new Sfn.StartExecutionInput { StateMachineArn = machine.StateMachineArn, Name = "w1", Input = "[1,2]" });
        await _f.Engine.RunUntilIdleAsync();
        var described = _f.Engine.DescribeExecution(new Sfn.DescribeExecutionInput { ExecutionArn = started.ExecutionArn });

        Assert.Equal("arn:aws:states:us-east-1:123456789012:execution:wire:w1", started.ExecutionArn);
        Assert.Equal(Sfn.ExecutionStatus.Succeeded, described.Status);
        Assert.Equal("[1,2]", described.Output);
        Assert.Equal(started.StartDate, described.StartDate);
        Assert.True(described.InputDetails?.Included);
        Assert.Equal(Sfn.ExecutionRedriveStatus.NotRedrivable, described.RedriveStatus);
    }

    [Fact]
    public async Task Every_history_event_the_engine_records_reads_into_the_generated_HistoryEvent()
    {
        _f.Lambda.Returns("fn", p => p);
        var result = await _f.RunAsync(MapOfParallelThenLambda, "[1,2]");

        var engineEvents = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events;
        var wire = _f.Engine.GetExecutionHistory(new Sfn.GetExecutionHistoryInput { ExecutionArn = result.ExecutionArn, MaxResults = 1000 });

        Assert.Null(wire.NextToken);
        Assert.Equal(engineEvents.Select(e => (e.Id, e.PreviousEventId, e.Type, e.Timestamp)),
            wire.Events!.Select(e => (e.Id!.Value, e.PreviousEventId!.Value, e.Type!, e.Timestamp!.Value)));
        var scheduled = Assert.Single(wire.Events!, e => e.Type == Sfn.HistoryEventType.TaskScheduled);
        Assert.Equal(("lambda", "invoke"), (scheduled.TaskScheduledEventDetails?.ResourceType, scheduled.TaskScheduledEventDetails?.Resource));
        Assert.Equal("[1,2]", wire.Events![0].ExecutionStartedEventDetails?.Input);
    }

    [Fact]
    public async Task Callbacks_in_the_generated_shapes_reach_the_waiting_task()
    {
        var definition = """
            {"StartAt":"Wait","States":{"Wait":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters":{"FunctionName":"fn","Payload":{"token.$":"$$.Task.Token"}},"End":true}}}
            """;
        string? token = null;
        _f.Lambda.Returns("fn", p => { token = p!["token"]!.GetValue<string>(); return p; });
        var arn = await _f.StartAsync(definition);
        await _f.Engine.RunUntilIdleAsync();

        await _f.Engine.SendTaskHeartbeatAsync(new Sfn.SendTaskHeartbeatInput { TaskToken = token });
        await _f.Engine.SendTaskSuccessAsync(new Sfn.SendTaskSuccessInput { TaskToken = token, Output = """{"ok":true}""" });
        await _f.Engine.RunUntilIdleAsync();

        Assert.Equal("""{"ok":true}""", _f.Engine.DescribeExecution(arn).Output);
        var missing = await Assert.ThrowsAsync<StepFunctionsException>(() => _f.Engine.SendTaskFailureAsync(new Sfn.SendTaskFailureInput()));
        Assert.Equal("ValidationException", missing.ErrorCode);
    }
}
