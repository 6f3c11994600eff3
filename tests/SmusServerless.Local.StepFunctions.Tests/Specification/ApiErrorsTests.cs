using SmusServerless.Local.StepFunctions.Tests.Engine;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Specification;

/// <summary>The API errors the facade names (the Step Functions error codes a client sees), one situation each.</summary>
public sealed class ApiErrorsTests : IDisposable
{
    private const string Callback = """
        {"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
         "Parameters":{"FunctionName":"notify","Payload":{"token.$":"$$.Task.Token"}},"End":true}
        """;

    private readonly EngineFixture _f = new();

    public ApiErrorsTests()
    {
        _f.Lambda.Returns("notify", _ => null);
    }

    public void Dispose() => _f.Dispose();

    private static async Task<string> CodeOf(Func<Task> call) => (await Assert.ThrowsAsync<StepFunctionsException>(call)).ErrorCode;

    private static string CodeOf(Action call) => Assert.Throws<StepFunctionsException>(call).ErrorCode;

    private async Task<(string Arn, string Token)> StartCallback()
    {
        var arn = await _f.StartAsync(Machines.Single(Callback));
        await _f.Engine.RunUntilIdleAsync();
        return (arn, _f.Lambda.Invocations[^1].Payload!["token"]!.GetValue<string>());
    }

    [Fact]
    public void InvalidName_for_a_state_machine_name_with_spaces()
        => Assert.Equal("InvalidName", CodeOf(() => _f.Engine.CreateStateMachine("has spaces", Machines.Single("""{"Type":"Succeed"}"""))));

    [Fact]
    public async Task InvalidExecutionInput_for_input_that_is_not_JSON()
    {
        var sm = _f.Engine.CreateStateMachine("m", Machines.Single("""{"Type":"Succeed"}"""));

        Assert.Equal("InvalidExecutionInput", await CodeOf(() => _f.Engine.StartExecutionAsync(sm.StateMachineArn, "run", "{oops")));
    }

    [Fact]
    public async Task ValidationException_for_a_history_page_size_over_1000()
    {
        var arn = await StartSucceeded();

        Assert.Equal("ValidationException", CodeOf(() => _f.Engine.GetExecutionHistory(arn, maxResults: 1001)));
    }

    [Fact]
    public async Task InvalidToken_for_a_history_nextToken_of_another_execution()
    {
        var page = _f.Engine.GetExecutionHistory(await StartSucceeded("one"), maxResults: 1);
        var other = await StartSucceeded("two");

        Assert.Equal("InvalidToken", CodeOf(() => _f.Engine.GetExecutionHistory(other, maxResults: 1, nextToken: page.NextToken)));
    }

    [Fact]
    public async Task InvalidOutput_for_a_callback_output_over_256_KiB()
    {
        var (_, token) = await StartCallback();

        Assert.Equal("InvalidOutput", await CodeOf(() => _f.Engine.SendTaskSuccessAsync(token, $"\"{new string('x', 300 * 1024)}\"")));
    }

    [Fact]
    public async Task TaskTimedOut_for_a_heartbeat_on_a_task_already_answered()
    {
        var (_, token) = await StartCallback();
        await _f.Engine.SendTaskSuccessAsync(token, "{}");
        await _f.Engine.RunUntilIdleAsync();

        Assert.Equal("TaskTimedOut", await CodeOf(() => _f.Engine.SendTaskHeartbeatAsync(token)));
    }

    [Fact]
    public async Task InvalidToken_for_a_malformed_task_token()
        => Assert.Equal("InvalidToken", await CodeOf(() => _f.Engine.SendTaskFailureAsync("not a token")));

    [Fact]
    public void ExecutionDoesNotExist_for_an_unknown_execution_history()
        => Assert.Equal("ExecutionDoesNotExist", CodeOf(() => _f.Engine.GetExecutionHistory("arn:aws:states:us-east-1:123456789012:execution:m:none")));

    [Fact]
    public async Task StateMachineDoesNotExist_for_a_start_of_an_unknown_machine()
        => Assert.Equal("StateMachineDoesNotExist", await CodeOf(() => _f.Engine.StartExecutionAsync("arn:aws:states:us-east-1:123456789012:stateMachine:none")));

    private async Task<string> StartSucceeded(string name = "run")
    {
        var arn = await _f.StartAsync(Machines.Single("""{"Type":"Pass","Next":"T"},"T":{"Type":"Succeed"}"""), name: name);
        await _f.Engine.RunUntilIdleAsync();
        return arn;
    }
}
