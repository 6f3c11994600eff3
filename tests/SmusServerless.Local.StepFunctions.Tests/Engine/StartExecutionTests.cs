namespace SmusServerless.Local.StepFunctions.Tests.Engine;

public sealed class StartExecutionTests : IDisposable
{
    private const string Waiting = """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}""";

    private readonly EngineFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task The_same_name_and_input_while_running_returns_the_same_execution()
    {
        var sm = _f.Engine.CreateStateMachine("m", Waiting);
        var first = await _f.Engine.StartExecutionAsync(sm.StateMachineArn, "deploy-1", """{"a":1}""");
        var again = await _f.Engine.StartExecutionAsync(sm.StateMachineArn, "deploy-1", """{ "a" : 1 }""");
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task The_same_name_with_other_input_is_ExecutionAlreadyExists()
    {
        var sm = _f.Engine.CreateStateMachine("m", Waiting);
        await _f.Engine.StartExecutionAsync(sm.StateMachineArn, "deploy-1", """{"a":1}""");
        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => _f.Engine.StartExecutionAsync(sm.StateMachineArn, "deploy-1", """{"a":2}"""));
        Assert.Equal("ExecutionAlreadyExists", ex.ErrorCode);
    }

    [Fact]
    public async Task The_same_name_after_the_execution_closed_is_ExecutionAlreadyExists()
    {
        var sm = _f.Engine.CreateStateMachine("m", Waiting);
        await _f.Engine.StartExecutionAsync(sm.StateMachineArn, "deploy-1", "{}");
        await _f.Engine.RunUntilIdleAsync();
        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => _f.Engine.StartExecutionAsync(sm.StateMachineArn, "deploy-1", "{}"));
        Assert.Equal("ExecutionAlreadyExists", ex.ErrorCode);
    }

    [Fact]
    public async Task An_unknown_state_machine_is_StateMachineDoesNotExist()
    {
        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            _f.Engine.StartExecutionAsync("arn:aws:states:us-east-1:123456789012:stateMachine:none"));
        Assert.Equal("StateMachineDoesNotExist", ex.ErrorCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData(null)]
    public async Task Input_must_be_JSON_of_at_most_256_KiB(string? badInput)
    {
        var sm = _f.Engine.CreateStateMachine("m", Waiting);
        var input = badInput ?? $"\"{new string('x', 256 * 1024)}\"";
        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => _f.Engine.StartExecutionAsync(sm.StateMachineArn, null, input));
        Assert.Equal("InvalidExecutionInput", ex.ErrorCode);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("../escape")]
    [InlineData("")]
    public async Task Names_are_checked(string name)
    {
        var sm = _f.Engine.CreateStateMachine("m", Waiting);
        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => _f.Engine.StartExecutionAsync(sm.StateMachineArn, name));
        Assert.Equal("InvalidName", ex.ErrorCode);
    }

    [Fact]
    public void An_unknown_execution_is_ExecutionDoesNotExist()
    {
        var ex = Assert.Throws<StepFunctionsException>(() => _f.Engine.DescribeExecution("arn:aws:states:us-east-1:123456789012:execution:m:none"));
        Assert.Equal("ExecutionDoesNotExist", ex.ErrorCode);
    }

    [Fact]
    public async Task Stops_at_a_callback_deadline_instead_of_jumping_past_it()
    {
        _f.Lambda.Returns("notify", _ => null);
        var definition = """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"Gate","States":{"Gate":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken","TimeoutSeconds":100,
                 "Parameters":{"FunctionName":"notify","Payload":{"t.$":"$$.Task.Token"}},"End":true}}},
              {"StartAt":"Long","States":{"Long":{"Type":"Wait","Seconds":500,"End":true}}}]}}}
            """;
        var start = _f.Clock.GetUtcNow();
        var arn = await _f.StartAsync(definition);

        await _f.Engine.RunUntilIdleAsync();

        Assert.Equal("RUNNING", _f.Engine.DescribeExecution(arn).Status);
        Assert.Equal(start, _f.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Runs_to_the_end_on_the_real_clock_when_nothing_waits()
    {
        using var dir = new Support.TempStateDirectory();
        var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { StateDirectory = dir.Path });
        var sm = engine.CreateStateMachine("m", """{"StartAt":"P","States":{"P":{"Type":"Pass","Result":1,"End":true}}}""");
        var run = await engine.StartExecutionAsync(sm.StateMachineArn);

        var result = await engine.RunUntilFinishedAsync(run.ExecutionArn);

        Assert.Equal(("SUCCEEDED", "1"), (result.Status, result.Output));
    }
}
