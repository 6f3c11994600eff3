using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Definition;
using SmusServerless.Local.StepFunctions.Tasks;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Engine;

/// <summary>The built-in service integrations.</summary>
public sealed class TaskResourceTests : IDisposable
{
    private readonly EngineFixture _f = new();

    public void Dispose() => _f.Dispose();

    private static string Invoke(string function, string extra = "") => """
        {"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
          "Parameters":{"FunctionName":"FUNCTION","Payload.$":"$"}EXTRA,"End":true}}}
        """.Replace("FUNCTION", function).Replace("EXTRA", extra);

    [Fact]
    public async Task Lambda_invoke_returns_the_Invoke_response_envelope()
    {
        _f.Lambda.Returns("fn", p => new JsonObject { ["echo"] = p!["x"]!.DeepClone() });

        var result = await _f.RunAsync(Invoke("fn"), """{"x":1}""");

        var output = JsonNode.Parse(result.Output!)!;
        Assert.Equal(200, output["StatusCode"]!.GetValue<int>());
        Assert.Equal("$LATEST", output["ExecutedVersion"]!.GetValue<string>());
        JsonAssert.Equal("""{"echo":1}""", output["Payload"]!.ToJsonString());
        Assert.Equal(200, output["SdkHttpMetadata"]!["HttpStatusCode"]!.GetValue<int>());
        Assert.NotNull(output["SdkResponseMetadata"]!["RequestId"]);
    }

    [Fact]
    public async Task A_function_error_fails_the_task_with_its_error_type_and_payload_as_cause()
    {
        _f.Lambda.Fails("fn", new LambdaFunctionError("ValidationError", "bad manifest", ["at Handler"]));

        var result = await _f.RunAsync(Invoke("fn"));

        Assert.Equal(("FAILED", "ValidationError"), (result.Status, result.Error));
        var cause = JsonNode.Parse(result.Cause!)!;
        Assert.Equal("bad manifest", cause["errorMessage"]!.GetValue<string>());
        Assert.Equal("ValidationError", cause["errorType"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_service_failure_is_named_after_the_Lambda_exception()
    {
        _f.Lambda.Throws("fn", new LambdaServiceException("ServiceException", "Lambda is down"));

        var result = await _f.RunAsync(Invoke("fn"));

        Assert.Equal(("FAILED", "Lambda.ServiceException", "Lambda is down"), (result.Status, result.Error, result.Cause));
    }

    [Fact]
    public async Task A_missing_function_is_Lambda_ResourceNotFoundException()
    {
        var result = await _f.RunAsync(Invoke("nope"));
        Assert.Equal("Lambda.ResourceNotFoundException", result.Error);
    }

    [Fact]
    public async Task A_function_ARN_resource_returns_the_function_output_and_records_Lambda_events()
    {
        _f.Lambda.Returns("fn", p => p!["x"]!.DeepClone());
        var definition = """
            {"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:fn","End":true}}}
            """;

        var result = await _f.RunAsync(definition, """{"x":"plain"}""");

        Assert.Equal("\"plain\"", result.Output);
        var types = _f.Engine.GetExecutionHistory(result.ExecutionArn, 100).Events.Select(e => e.Type).ToList();
        Assert.Contains("LambdaFunctionScheduled", types);
        Assert.Contains("LambdaFunctionSucceeded", types);
    }

    [Fact]
    public async Task PutEvents_publishes_the_entries_with_Detail_as_a_JSON_string()
    {
        var definition = """
            {"StartAt":"Emit","States":{"Emit":{"Type":"Task","Resource":"arn:aws:states:::events:putEvents",
              "Parameters":{"Entries":[{"Source":"smus.pipeline","DetailType":"Deployment Started","Detail":{"id.$":"$.id"}}]},"End":true}}}
            """;

        var result = await _f.RunAsync(definition, """{"id":"d-1"}""");

        var entry = Assert.Single(_f.Events.Entries);
        Assert.Equal("smus.pipeline", entry["Source"]!.GetValue<string>());
        Assert.Equal("""{"id":"d-1"}""", entry["Detail"]!.GetValue<string>());
        var output = JsonNode.Parse(result.Output!)!;
        Assert.Equal(0, output["FailedEntryCount"]!.GetValue<int>());
        Assert.Single(output["Entries"]!.AsArray());
    }

    [Fact]
    public async Task StartExecution_sync_2_runs_the_child_and_returns_its_output_as_JSON()
    {
        var child = _f.Engine.CreateStateMachine("child", """{"StartAt":"C","States":{"C":{"Type":"Pass","Result":{"done":true},"End":true}}}""");
        var parent = """
            {"StartAt":"Run","States":{"Run":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
              "Parameters":{"StateMachineArn":"CHILD","Input":{"from.$":"$.id"}},"OutputPath":"$.Output","End":true}}}
            """.Replace("CHILD", child.StateMachineArn);

        var result = await _f.RunAsync(parent, """{"id":3}""");

        Assert.Equal("SUCCEEDED", result.Status);
        JsonAssert.Equal("""{"done":true}""", result.Output);
        Assert.Equal(2, _f.Engine.ListExecutions().Count);
    }

    [Fact]
    public async Task A_failed_child_execution_fails_the_task()
    {
        var child = _f.Engine.CreateStateMachine("child", """{"StartAt":"C","States":{"C":{"Type":"Fail","Error":"ChildBroke","Cause":"c"}}}""");
        var parent = """
            {"StartAt":"Run","States":{"Run":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
              "Parameters":{"StateMachineArn":"CHILD"},"End":true}}}
            """.Replace("CHILD", child.StateMachineArn);

        var result = await _f.RunAsync(parent);

        Assert.Equal(("FAILED", "States.TaskFailed"), (result.Status, result.Error));
        Assert.Equal("ChildBroke", JsonNode.Parse(result.Cause!)!["Error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stopping_the_parent_stops_a_child_it_waits_for()
    {
        _f.Lambda.Returns("notify", _ => null);
        var child = _f.Engine.CreateStateMachine("child", """
            {"StartAt":"Gate","States":{"Gate":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters":{"FunctionName":"notify","Payload":{"t.$":"$$.Task.Token"}},"End":true}}}
            """);
        var parent = """
            {"StartAt":"Run","States":{"Run":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
              "Parameters":{"StateMachineArn":"CHILD","Name":"kid"},"End":true}}}
            """.Replace("CHILD", child.StateMachineArn);
        var arn = await _f.StartAsync(parent);
        await _f.Engine.RunUntilIdleAsync();
        var childArn = _f.Engine.ListExecutions(child.StateMachineArn).Single();
        Assert.Equal("RUNNING", _f.Engine.DescribeExecution(childArn).Status);

        await _f.Engine.StopExecutionAsync(arn);

        Assert.Equal("ABORTED", _f.Engine.DescribeExecution(childArn).Status);
    }

    [Fact]
    public async Task StartBuild_sync_runs_the_mapped_local_command()
    {
        _f.Builds = new CommandLineBuildRunner(new Dictionary<string, string> { ["tests"] = "echo \"ran with $TARGET\"" });
        _f.Recreate();
        var definition = """
            {"StartAt":"Build","States":{"Build":{"Type":"Task","Resource":"arn:aws:states:::codebuild:startBuild.sync",
              "Parameters":{"ProjectName":"tests","EnvironmentVariablesOverride":[{"Name":"TARGET","Value.$":"$.target","Type":"PLAINTEXT"}]},
              "ResultSelector":{"status.$":"$.Build.BuildStatus","log.$":"$.Build.Logs.Tail"},"End":true}}}
            """;

        var result = await _f.RunAsync(definition, """{"target":"prod"}""");

        JsonAssert.Equal("""{"status":"SUCCEEDED","log":"ran with prod\n"}""", result.Output);
    }

    [Fact]
    public async Task A_failing_build_fails_the_task()
    {
        _f.Builds = new CommandLineBuildRunner(new Dictionary<string, string> { ["tests"] = "exit 3" });
        _f.Recreate();
        var definition = """
            {"StartAt":"Build","States":{"Build":{"Type":"Task","Resource":"arn:aws:states:::codebuild:startBuild.sync","Parameters":{"ProjectName":"tests"},"End":true}}}
            """;

        var result = await _f.RunAsync(definition);

        Assert.Equal(("FAILED", "States.TaskFailed"), (result.Status, result.Error));
        Assert.Equal("FAILED", JsonNode.Parse(result.Cause!)!["Build"]!["BuildStatus"]!.GetValue<string>());
    }

    [Fact]
    public void A_resource_without_a_local_implementation_is_rejected_when_the_machine_is_created()
    {
        var ex = Assert.Throws<InvalidDefinitionException>(() => _f.Engine.CreateStateMachine("m", """
            {"StartAt":"Q","States":{"Q":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}}}
            """));
        var problem = Assert.Single(ex.Problems);
        Assert.Equal(("/States/Q/Resource", DefinitionProblemKind.Unsupported), (problem.Location, problem.Kind));
    }

    [Fact]
    public void Lambda_tasks_need_a_configured_invoker()
    {
        using var dir = new TempStateDirectory();
        var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { StateDirectory = dir.Path });
        var problems = engine.Validate(Invoke("fn"));
        Assert.Contains(problems, p => p.Message.Contains("no local implementation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Extra_resources_plug_in_through_ITaskResource()
    {
        using var dir = new TempStateDirectory();
        var engine = new LocalStepFunctions(new LocalStepFunctionsOptions
        {
            StateDirectory = dir.Path,
            Clock = new VirtualTimeProvider(),
            AdditionalResources = [new ConstantResource()],
        });
        var sm = engine.CreateStateMachine("m", """{"StartAt":"Q","States":{"Q":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}}}""");
        var run = await engine.StartExecutionAsync(sm.StateMachineArn);
        await engine.RunUntilIdleAsync();
        Assert.Equal("{\"MessageId\":\"m-1\"}", engine.DescribeExecution(run.ExecutionArn).Output);
    }

    private sealed class ConstantResource : ITaskResource
    {
        public bool CanRun(TaskResourceName resource) => resource is { Service: "sqs", Api: "sendMessage" };

        public Task<TaskOutcome> RunAsync(TaskRequest request, ITaskHost host, CancellationToken cancellationToken)
            => Task.FromResult<TaskOutcome>(new TaskOutcome.Succeeded(new JsonObject { ["MessageId"] = "m-1" }));
    }
}
