using System.Text.Json.Nodes;

namespace SmusServerless.Functions.Tests.Template;

/// <summary>
/// Every task of the state machine passes the execution's id (<c>$$.Execution.Id</c>, its ARN) to the function it
/// invokes, as <c>executionArn</c>, next to everything it passed before: the function's runtime makes it the
/// <c>correlation_id</c> of the task's log lines, so one run's lines join across functions (README.md).
/// </summary>
public sealed class StateMachineCorrelationTests
{
    /// <summary>
    /// Tasks that invoke no function of ours. "Run tests" starts the CodeBuild test build: its environment is the list
    /// Verify returns, which JSONPath cannot extend, and its log is CodeBuild's, found from the run by its build id.
    /// </summary>
    private static readonly string[] NotOurFunctions = ["Run tests"];

    private static readonly JsonNode Definition = JsonNode.Parse(File.ReadAllText(TestRepository.PathOf("statemachines/deployment-pipeline.asl.json")))!;

    public static TheoryData<string> Tasks()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in StateMachineTasks.In(Definition["States"]!.AsObject()))
            data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Task_passes_the_execution_id_to_its_function(string task)
    {
        var state = StateMachineTasks.In(Definition["States"]!.AsObject()).Single(t => t.Name == task).State;
        if (NotOurFunctions.Contains(task))
        {
            Assert.False(StateMachineTasks.IsLambda(state), $"'{task}' invokes a Lambda function: it must pass executionArn like every other");
            return;
        }

        Assert.True(StateMachineTasks.IsLambda(state), $"'{task}' is neither a Lambda task nor listed as invoking no function of ours");
        var payload = (state["Parameters"] ?? state["Arguments"])?["Payload"]?.AsObject();
        Assert.NotNull(payload);
        Assert.Equal("$$.Execution.Id", payload["executionArn.$"]?.GetValue<string>());
    }

    [Fact]
    public void Every_lambda_task_is_checked()
    {
        var tasks = StateMachineTasks.In(Definition["States"]!.AsObject()).ToList();

        Assert.Equal(11, tasks.Count(t => StateMachineTasks.IsLambda(t.State))); // every function of the catalog but start and approval-endpoint
        Assert.All(NotOurFunctions, name => Assert.Contains(tasks, t => t.Name == name));
    }
}
