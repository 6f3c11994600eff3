using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Engine;

/// <summary>lambda:invoke.waitForTaskToken: tokens, SendTaskSuccess/Failure/Heartbeat, timeouts, persistence.</summary>
public sealed class CallbackTests : IDisposable
{
    private const string Gate = """
        {"StartAt":"Approve","States":{"Approve":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
          "Parameters":{"FunctionName":"notify","Payload":{"token.$":"$$.Task.Token","id.$":"$.id"}},
          "TimeoutSeconds":3600,"HeartbeatSeconds":600,"ResultPath":"$.decision","End":true}}}
        """;

    private readonly EngineFixture _f = new();

    public CallbackTests()
    {
        _f.Lambda.Returns("notify", _ => new JsonObject { ["sent"] = true });
    }

    public void Dispose() => _f.Dispose();

    private async Task<(string Arn, string Token)> StartGateAsync(string name = "run-1")
    {
        var arn = await _f.StartAsync(Gate, """{"id":7}""", name: name);
        await _f.Engine.RunUntilIdleAsync();
        var token = _f.Lambda.Invocations[^1].Payload!["token"]!.GetValue<string>();
        return (arn, token);
    }

    [Fact]
    public async Task The_task_waits_for_its_callback()
    {
        var (arn, _) = await StartGateAsync();
        Assert.Equal("RUNNING", _f.Engine.DescribeExecution(arn).Status);
        Assert.Equal(7, _f.Lambda.Invocations[^1].Payload!["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Lists_the_tasks_waiting_for_a_callback()
    {
        var (arn, _) = await StartGateAsync();

        var waiting = Assert.Single(_f.Engine.ListWaitingTasks(arn));

        Assert.Equal("Approve", waiting.StateName);
        Assert.Equal(_f.Clock.GetUtcNow().AddHours(1), waiting.TimeoutAt);
        Assert.Equal(_f.Clock.GetUtcNow().AddMinutes(10), waiting.HeartbeatDeadline);
    }

    [Fact]
    public async Task SendTaskSuccess_completes_the_task_with_its_output()
    {
        var (arn, token) = await StartGateAsync();

        await _f.Engine.SendTaskSuccessAsync(token, """{"approved":true}""");
        await _f.Engine.RunUntilIdleAsync();

        var result = _f.Engine.DescribeExecution(arn);
        Assert.Equal("SUCCEEDED", result.Status);
        JsonAssert.Equal("""{"id":7,"decision":{"approved":true}}""", result.Output);
    }

    [Fact]
    public async Task SendTaskFailure_fails_the_task_with_the_given_error()
    {
        var (arn, token) = await StartGateAsync();

        await _f.Engine.SendTaskFailureAsync(token, "Rejected", "by alice");
        await _f.Engine.RunUntilIdleAsync();

        var result = _f.Engine.DescribeExecution(arn);
        Assert.Equal(("FAILED", "Rejected", "by alice"), (result.Status, result.Error, result.Cause));
    }

    [Fact]
    public async Task Tokens_are_unique_256_bit_base64url_values()
    {
        var (_, first) = await StartGateAsync("run-1");
        var (_, second) = await StartGateAsync("run-2");

        Assert.NotEqual(first, second);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", first);
    }

    [Fact]
    public async Task The_state_directory_never_holds_a_usable_token()
    {
        var (_, token) = await StartGateAsync();

        foreach (var file in Directory.EnumerateFiles(_f.StateDirectory, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(token, await File.ReadAllTextAsync(file));
        }
    }

    [Fact]
    public async Task A_malformed_token_is_InvalidToken()
    {
        await StartGateAsync();
        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => _f.Engine.SendTaskSuccessAsync("not-a-token", "{}"));
        Assert.Equal("InvalidToken", ex.ErrorCode);
    }

    [Fact]
    public async Task An_unknown_token_is_TaskDoesNotExist()
    {
        await StartGateAsync();
        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            _f.Engine.SendTaskSuccessAsync(new string('A', 43), "{}"));
        Assert.Equal("TaskDoesNotExist", ex.ErrorCode);
    }

    [Fact]
    public async Task Output_that_is_not_JSON_is_InvalidOutput()
    {
        var (_, token) = await StartGateAsync();
        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => _f.Engine.SendTaskSuccessAsync(token, "{oops"));
        Assert.Equal("InvalidOutput", ex.ErrorCode);
    }

    [Fact]
    public async Task A_token_after_its_timeout_is_TaskTimedOut()
    {
        var (arn, token) = await StartGateAsync();
        for (var i = 0; i < 6; i++)
        {
            await _f.Engine.AdvanceClockAsync(TimeSpan.FromSeconds(590));
            await _f.Engine.SendTaskHeartbeatAsync(token);
        }
        await _f.Engine.AdvanceClockAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(("FAILED", "States.Timeout"), (_f.Engine.DescribeExecution(arn).Status, _f.Engine.DescribeExecution(arn).Error));
        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => _f.Engine.SendTaskSuccessAsync(token, "{}"));
        Assert.Equal("TaskTimedOut", ex.ErrorCode);
    }

    [Fact]
    public async Task Heartbeats_keep_the_task_alive_and_their_absence_times_it_out()
    {
        var (arn, token) = await StartGateAsync();

        await _f.Engine.AdvanceClockAsync(TimeSpan.FromSeconds(500));
        await _f.Engine.SendTaskHeartbeatAsync(token);
        await _f.Engine.AdvanceClockAsync(TimeSpan.FromSeconds(500));
        Assert.Equal("RUNNING", _f.Engine.DescribeExecution(arn).Status);

        await _f.Engine.AdvanceClockAsync(TimeSpan.FromSeconds(101));
        var result = _f.Engine.DescribeExecution(arn);
        Assert.Equal(("FAILED", "States.HeartbeatTimeout"), (result.Status, result.Error));
        Assert.Contains(_f.Engine.GetExecutionHistory(arn, 1000).Events, e => e.Type == "TaskTimedOut");
    }

    [Fact]
    public async Task A_second_callback_for_a_completed_task_is_rejected()
    {
        var (_, token) = await StartGateAsync();
        await _f.Engine.SendTaskSuccessAsync(token, "{}");
        await _f.Engine.RunUntilIdleAsync();

        await Assert.ThrowsAsync<StepFunctionsException>(() => _f.Engine.SendTaskSuccessAsync(token, "{}"));
    }

    [Fact]
    public async Task A_waiting_execution_survives_a_restart_and_another_process_can_complete_it()
    {
        var (arn, token) = await StartGateAsync();

        // "approve" in another process: a separate engine over the same state directory.
        var approver = _f.Create();
        await approver.SendTaskSuccessAsync(token, """{"approvedBy":"bob"}""");

        // The original process restarts and resumes the execution.
        var restarted = _f.Recreate();
        await restarted.RunUntilIdleAsync();

        var result = restarted.DescribeExecution(arn);
        Assert.Equal("SUCCEEDED", result.Status);
        JsonAssert.Equal("""{"id":7,"decision":{"approvedBy":"bob"}}""", result.Output);
        Assert.Single(_f.Lambda.Invocations);
    }

    [Fact]
    public async Task Two_processes_racing_to_complete_one_token_succeed_exactly_once()
    {
        var (arn, token) = await StartGateAsync();
        var first = _f.Create();
        var second = _f.Create();

        var attempts = await Task.WhenAll(
            Attempt(() => first.SendTaskSuccessAsync(token, """{"by":"first"}""")),
            Attempt(() => second.SendTaskFailureAsync(token, "Rejected", "by second")));
        await _f.Engine.RunUntilIdleAsync();

        // The execution's lock serializes them: the first decides, the second is told the task is gone.
        var result = _f.Engine.DescribeExecution(arn);
        Assert.Equal(1, attempts.Count(accepted => accepted));
        Assert.True(result.Status == "SUCCEEDED" ? result.Output!.Contains("first", StringComparison.Ordinal) : result.Error == "Rejected");
    }

    private static async Task<bool> Attempt(Func<Task> send)
    {
        try
        {
            await send();
            return true;
        }
        catch (StepFunctionsException)
        {
            return false;
        }
    }

    [Fact]
    public async Task StopExecution_aborts_and_closes_the_token()
    {
        var (arn, token) = await StartGateAsync();

        await _f.Engine.StopExecutionAsync(arn, "Cancelled", "by operator");

        Assert.Equal("ABORTED", _f.Engine.DescribeExecution(arn).Status);
        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => _f.Engine.SendTaskSuccessAsync(token, "{}"));
        Assert.Equal("TaskTimedOut", ex.ErrorCode);
    }

    [Fact]
    public async Task A_sibling_branch_failure_closes_the_waiting_token()
    {
        var definition = """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"Wait","States":{"Wait":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters":{"FunctionName":"notify","Payload":{"token.$":"$$.Task.Token","id":1}},"End":true}}},
              {"StartAt":"Later","States":{"Later":{"Type":"Wait","Seconds":5,"Next":"Boom"},"Boom":{"Type":"Fail","Error":"Stop"}}}]}}}
            """;
        var arn = await _f.StartAsync(definition);
        await _f.Engine.RunUntilIdleAsync();
        var token = _f.Lambda.Invocations[^1].Payload!["token"]!.GetValue<string>();

        Assert.Equal(("FAILED", "Stop"), (_f.Engine.DescribeExecution(arn).Status, _f.Engine.DescribeExecution(arn).Error));
        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => _f.Engine.SendTaskSuccessAsync(token, "{}"));
        Assert.Equal("TaskTimedOut", ex.ErrorCode);
    }
}
