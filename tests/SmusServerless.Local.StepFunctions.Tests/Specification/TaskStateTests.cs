using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Tasks;
using SmusServerless.Local.StepFunctions.Tests.Engine;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Specification;

/// <summary>The Task state: the request (InputPath, Parameters), the result (ResultSelector, ResultPath, OutputPath), deadlines and failures.</summary>
public sealed class TaskStateTests : IDisposable
{
    private readonly EngineFixture _f = new();

    public TaskStateTests()
    {
        _f.Lambda.Returns("echo", p => p);
    }

    public void Dispose() => _f.Dispose();

    private static string Echo(string fields = "") => $$"""{"Type":"Task","Resource":"{{Machines.Function("echo")}}"{{fields}},"End":true}""";

    [Fact]
    public async Task A_Lambda_function_ARN_resource_outputs_what_the_function_returns()
    {
        var result = await _f.RunAsync(Machines.Single(Echo()), """{"a":1}""");

        JsonAssert.Equal("""{"a":1}""", result.Output);
    }

    [Fact]
    public async Task Parameters_are_the_request_the_resource_receives()
    {
        await _f.RunAsync(Machines.Single(Echo(""","Parameters":{"id.$":"$.a","kind":"k"}""")), """{"a":1,"b":2}""");

        JsonAssert.Equal("""{"id":1,"kind":"k"}""", _f.Lambda.Invocations.Single().Payload?.ToJsonString());
    }

    [Fact]
    public async Task InputPath_selects_the_request_without_Parameters()
    {
        await _f.RunAsync(Machines.Single(Echo(""","InputPath":"$.b" """)), """{"a":1,"b":{"c":3}}""");

        JsonAssert.Equal("""{"c":3}""", _f.Lambda.Invocations.Single().Payload?.ToJsonString());
    }

    [Fact]
    public async Task ResultSelector_shapes_the_result_before_ResultPath()
    {
        var result = await _f.RunAsync(Machines.Single(Echo(""","ResultSelector":{"picked.$":"$.a"},"ResultPath":"$.r" """)), """{"a":1}""");

        JsonAssert.Equal("""{"a":1,"r":{"picked":1}}""", result.Output);
    }

    [Fact]
    public async Task ResultPath_null_keeps_the_input_as_the_output()
    {
        _f.Lambda.Returns("other", _ => new JsonObject { ["ignored"] = true });
        var state = $$"""{"Type":"Task","Resource":"{{Machines.Function("other")}}","ResultPath":null,"End":true}""";

        var result = await _f.RunAsync(Machines.Single(state), """{"keep":1}""");

        JsonAssert.Equal("""{"keep":1}""", result.Output);
    }

    [Fact]
    public async Task OutputPath_selects_from_input_and_result_combined()
    {
        var result = await _f.RunAsync(Machines.Single(Echo(""","ResultPath":"$.r","OutputPath":"$.r.a" """)), """{"a":5}""");

        JsonAssert.Equal("5", result.Output);
    }

    [Fact]
    public async Task A_ResultSelector_path_that_selects_nothing_fails_with_States_Runtime()
    {
        var result = await _f.RunAsync(Machines.Single(Echo(""","ResultSelector":{"x.$":"$.missing"}""")), "{}");

        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task A_resource_that_throws_fails_the_task_with_States_TaskFailed()
    {
        var (engine, dir) = EngineWith(new ThrowingResource());
        using (dir)
        {
            var result = await RunOn(engine, """{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}""");

            Assert.Equal("States.TaskFailed", result.Error);
            Assert.Equal("InvalidOperationException: queue is gone", result.Cause);
        }
    }

    [Fact]
    public async Task TimeoutSeconds_fails_a_task_that_runs_too_long_with_States_Timeout()
    {
        var hanging = new HangingResource();
        var clock = new VirtualTimeProvider();
        var (engine, dir) = EngineWith(hanging, clock);
        using (dir)
        {
            var sm = engine.CreateStateMachine("m", Machines.Single("""{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","TimeoutSeconds":30,"End":true}"""));
            var run = await engine.StartExecutionAsync(sm.StateMachineArn);
            var running = engine.RunUntilIdleAsync();
            await hanging.Started.Task;

            clock.Advance(TimeSpan.FromSeconds(30));
            await running;

            var result = engine.DescribeExecution(run.ExecutionArn);
            Assert.Equal("States.Timeout", result.Error);
            Assert.Contains("30 seconds", result.Cause, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_task_timeout_is_recorded_as_TaskTimedOut()
    {
        var hanging = new HangingResource();
        var clock = new VirtualTimeProvider();
        var (engine, dir) = EngineWith(hanging, clock);
        using (dir)
        {
            var sm = engine.CreateStateMachine("m", Machines.Single("""{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","TimeoutSeconds":5,"End":true}"""));
            var run = await engine.StartExecutionAsync(sm.StateMachineArn);
            var running = engine.RunUntilIdleAsync();
            await hanging.Started.Task;
            clock.Advance(TimeSpan.FromSeconds(5));
            await running;

            var types = engine.GetExecutionHistory(run.ExecutionArn, 1000).Events.Select(e => e.Type).ToList();
            Assert.Contains("TaskTimedOut", types);
            Assert.Equal("ExecutionFailed", types[^1]);
        }
    }

    [Fact]
    public async Task TimeoutSecondsPath_reads_the_timeout_from_the_input()
    {
        var result = await _f.RunAsync(Machines.Single(Echo(""","TimeoutSecondsPath":"$.t" """)), """{"t":12}""");
        var scheduled = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events.Single(e => e.Type == "LambdaFunctionScheduled");

        Assert.Equal(12, scheduled.Details!["timeoutInSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_TimeoutSecondsPath_value_that_is_not_a_positive_integer_fails_with_States_Runtime()
    {
        var result = await _f.RunAsync(Machines.Single(Echo(""","TimeoutSecondsPath":"$.t" """)), """{"t":0}""");

        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task Credentials_are_accepted_and_the_task_runs_as_usual()
    {
        var result = await _f.RunAsync(Machines.Single(Echo(""","Credentials":{"RoleArn":"arn:aws:iam::123456789012:role/other"}""")), """{"a":1}""");

        Assert.Equal("SUCCEEDED", result.Status);
    }

    [Fact]
    public async Task A_result_over_256_KiB_fails_with_States_DataLimitExceeded()
    {
        _f.Lambda.Returns("big", _ => JsonValue.Create(new string('x', 300 * 1024)));
        var state = $$"""{"Type":"Task","Resource":"{{Machines.Function("big")}}","End":true}""";

        var result = await _f.RunAsync(Machines.Single(state), "{}");

        Assert.Equal("States.DataLimitExceeded", result.Error);
    }

    [Fact]
    public async Task States_DataLimitExceeded_is_not_caught_by_States_ALL()
    {
        _f.Lambda.Returns("big", _ => JsonValue.Create(new string('x', 300 * 1024)));
        var definition = Machines.Of(
            ("T", $$"""{"Type":"Task","Resource":"{{Machines.Function("big")}}","Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true}"""),
            ("Caught", """{"Type":"Succeed"}"""));

        var result = await _f.RunAsync(definition, "{}");

        Assert.Equal(("FAILED", "States.DataLimitExceeded"), (result.Status, result.Error));
    }

    [Fact]
    public async Task A_service_integration_task_records_Task_events_with_its_resource()
    {
        var result = await _f.RunAsync(Machines.Single(
            """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"echo","Payload":{}},"TimeoutSeconds":60,"HeartbeatSeconds":10,"End":true}"""), "{}");
        var events = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events;
        var scheduled = events.Single(e => e.Type == "TaskScheduled").Details!;

        Assert.Equal(["TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited"], events.Skip(1).Take(5).Select(e => e.Type));
        Assert.Equal(("lambda", "invoke", "us-east-1"), (scheduled["resourceType"]!.GetValue<string>(), scheduled["resource"]!.GetValue<string>(), scheduled["region"]!.GetValue<string>()));
        Assert.Equal((60, 10), (scheduled["timeoutInSeconds"]!.GetValue<int>(), scheduled["heartbeatInSeconds"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_failed_function_is_recorded_as_LambdaFunctionFailed()
    {
        _f.Lambda.Fails("bad", new LambdaFunctionError("Oops", "it broke"));
        var result = await _f.RunAsync(Machines.Single($$"""{"Type":"Task","Resource":"{{Machines.Function("bad")}}","End":true}"""), "{}");
        var failed = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events.Single(e => e.Type == "LambdaFunctionFailed");

        Assert.Equal("Oops", failed.Details!["error"]!.GetValue<string>());
    }

    private static (LocalStepFunctions Engine, TempStateDirectory Dir) EngineWith(ITaskResource resource, VirtualTimeProvider? clock = null)
    {
        var dir = new TempStateDirectory();
        var engine = new LocalStepFunctions(new LocalStepFunctionsOptions
        {
            StateDirectory = dir.Path,
            Clock = clock ?? new VirtualTimeProvider(),
            AdditionalResources = [resource],
        });
        return (engine, dir);
    }

    private static async Task<ExecutionDescription> RunOn(LocalStepFunctions engine, string state)
    {
        var sm = engine.CreateStateMachine("m", Machines.Single(state));
        var run = await engine.StartExecutionAsync(sm.StateMachineArn);
        await engine.RunUntilIdleAsync();
        return engine.DescribeExecution(run.ExecutionArn);
    }

    private sealed class ThrowingResource : ITaskResource
    {
        public bool CanRun(TaskResourceName resource) => resource.Service == "sqs";

        public Task<TaskOutcome> RunAsync(TaskRequest request, ITaskHost host, CancellationToken cancellationToken)
            => throw new InvalidOperationException("queue is gone");
    }

    /// <summary>Never finishes on its own; tells the test when it has started so the clock can move.</summary>
    private sealed class HangingResource : ITaskResource
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool CanRun(TaskResourceName resource) => resource.Service == "sqs";

        public async Task<TaskOutcome> RunAsync(TaskRequest request, ITaskHost host, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return new TaskOutcome.Succeeded(null);
        }
    }
}
