using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Tasks;
using SmusServerless.Local.StepFunctions.Tests.Engine;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Specification;

/// <summary>Retry and Catch ("Error Handling"): retriers first, the first matching one decides; then catchers, the first matching one.</summary>
public sealed class RetryAndCatchTests : IDisposable
{
    private readonly EngineFixture _f = new();
    private readonly List<string> _errors = [];
    private int _calls;

    public RetryAndCatchTests()
    {
        // "flaky" fails with the scripted errors in turn, then succeeds with the call count.
        _f.Lambda.Handles("flaky", _ =>
        {
            var call = _calls++;
            return call < _errors.Count
                ? LambdaInvocationResult.Error(new LambdaFunctionError(_errors[call], $"failure {call + 1}"))
                : LambdaInvocationResult.Success(System.Text.Encoding.UTF8.GetBytes(call.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        });
    }

    public void Dispose() => _f.Dispose();

    /// <summary>The error output of the n-th failure: a Lambda function error's cause is its error payload as JSON text.</summary>
    private static JsonObject ErrorOutput(string error, int n) => new()
    {
        ["Error"] = error,
        ["Cause"] = new JsonObject { ["errorMessage"] = $"failure {n}", ["errorType"] = error }.ToJsonString(),
    };

    private static string Flaky(string handling)
        => $$"""{"Type":"Task","Resource":"{{Machines.Function("flaky")}}"{{handling}},"End":true}""";

    private Task<ExecutionDescription> Run(string handling, params string[] errors)
    {
        _errors.AddRange(errors);
        // A catcher's target exists only when there is a catcher: an unreachable state is an invalid definition.
        var definition = handling.Contains("\"Catch\"", StringComparison.Ordinal)
            ? Machines.Of(("T", Flaky(handling)), ("Caught", """{"Type":"Pass","End":true}"""))
            : Machines.Single(Flaky(handling));
        return _f.RunAsync(definition, """{"in":1}""");
    }

    [Fact]
    public async Task A_matching_retrier_runs_the_state_again()
    {
        var result = await Run(""","Retry":[{"ErrorEquals":["E"]}]""", "E");

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal(2, _calls);
    }

    [Fact]
    public async Task MaxAttempts_defaults_to_three_retries()
    {
        var result = await Run(""","Retry":[{"ErrorEquals":["E"]}]""", "E", "E", "E", "E");

        Assert.Equal(("FAILED", "E"), (result.Status, result.Error));
        Assert.Equal(4, _calls);
    }

    [Fact]
    public async Task MaxAttempts_zero_never_retries()
    {
        var result = await Run(""","Retry":[{"ErrorEquals":["E"],"MaxAttempts":0}]""", "E");

        Assert.Equal("FAILED", result.Status);
        Assert.Equal(1, _calls);
    }

    [Fact]
    public async Task IntervalSeconds_defaults_to_one_and_BackoffRate_to_two()
    {
        var start = _f.Clock.GetUtcNow();

        await Run(""","Retry":[{"ErrorEquals":["E"]}]""", "E", "E", "E");

        Assert.Equal(TimeSpan.FromSeconds(1 + 2 + 4), _f.Clock.GetUtcNow() - start);
    }

    [Fact]
    public async Task IntervalSeconds_and_BackoffRate_set_the_waits()
    {
        var start = _f.Clock.GetUtcNow();

        await Run(""","Retry":[{"ErrorEquals":["E"],"IntervalSeconds":3,"BackoffRate":1.5}]""", "E", "E");

        Assert.Equal(TimeSpan.FromSeconds(3 + 4.5), _f.Clock.GetUtcNow() - start);
    }

    [Fact]
    public async Task MaxDelaySeconds_caps_each_wait()
    {
        var start = _f.Clock.GetUtcNow();

        await Run(""","Retry":[{"ErrorEquals":["E"],"IntervalSeconds":10,"BackoffRate":10,"MaxDelaySeconds":15}]""", "E", "E");

        Assert.Equal(TimeSpan.FromSeconds(10 + 15), _f.Clock.GetUtcNow() - start);
    }

    [Fact]
    public async Task JitterStrategy_FULL_waits_at_most_the_computed_interval()
    {
        var start = _f.Clock.GetUtcNow();

        await Run(""","Retry":[{"ErrorEquals":["E"],"IntervalSeconds":100,"JitterStrategy":"FULL"}]""", "E");

        Assert.InRange(_f.Clock.GetUtcNow() - start, TimeSpan.Zero, TimeSpan.FromSeconds(100));
    }

    [Fact]
    public async Task Only_the_first_matching_retrier_applies()
    {
        var result = await Run(""","Retry":[{"ErrorEquals":["E"],"MaxAttempts":1},{"ErrorEquals":["States.ALL"],"MaxAttempts":5}]""", "E", "E");

        Assert.Equal("FAILED", result.Status);
        Assert.Equal(2, _calls);
    }

    [Fact]
    public async Task Each_retrier_counts_its_own_attempts()
    {
        var result = await Run(""","Retry":[{"ErrorEquals":["A"],"MaxAttempts":1},{"ErrorEquals":["B"],"MaxAttempts":1}]""", "A", "B");

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal(3, _calls);
    }

    [Fact]
    public async Task A_retrier_for_another_error_does_not_retry()
    {
        var result = await Run(""","Retry":[{"ErrorEquals":["Other"]}]""", "E");

        Assert.Equal(1, _calls);
        Assert.Equal("E", result.Error);
    }

    [Fact]
    public async Task The_context_object_counts_retries()
    {
        _f.Lambda.Handles("count", p => (int)p!["retry"]! < 2
            ? LambdaInvocationResult.Error(new LambdaFunctionError("E", "again"))
            : LambdaInvocationResult.Success(System.Text.Encoding.UTF8.GetBytes(p.ToJsonString())));
        var state = $$"""{"Type":"Task","Resource":"{{Machines.Function("count")}}","Parameters":{"retry.$":"$$.State.RetryCount"},"Retry":[{"ErrorEquals":["E"]}],"End":true}""";

        var result = await _f.RunAsync(Machines.Single(state), "{}");

        JsonAssert.Equal("""{"retry":2}""", result.Output);
    }

    [Fact]
    public async Task A_matching_catcher_moves_to_its_Next_with_the_error_output_as_input()
    {
        var result = await Run(""","Catch":[{"ErrorEquals":["E"],"Next":"Caught"}]""", "E");

        Assert.Equal("SUCCEEDED", result.Status);
        JsonAssert.Equal(ErrorOutput("E", 1), JsonNode.Parse(result.Output!));
    }

    [Fact]
    public async Task A_catcher_ResultPath_keeps_the_state_input_beside_the_error()
    {
        var result = await Run(""","Catch":[{"ErrorEquals":["E"],"ResultPath":"$.error","Next":"Caught"}]""", "E");

        JsonAssert.Equal(new JsonObject { ["in"] = 1, ["error"] = ErrorOutput("E", 1) }, JsonNode.Parse(result.Output!));
    }

    [Fact]
    public async Task The_first_matching_catcher_wins()
    {
        var definition = Machines.Of(
            ("T", Flaky(""","Catch":[{"ErrorEquals":["Other"],"Next":"Wrong"},{"ErrorEquals":["E"],"Next":"Right"},{"ErrorEquals":["States.ALL"],"Next":"Wrong"}]""")),
            ("Wrong", """{"Type":"Fail","Error":"Wrong"}"""),
            ("Right", """{"Type":"Succeed"}"""));
        _errors.Add("E");

        var result = await _f.RunAsync(definition, "{}");

        Assert.Equal("SUCCEEDED", result.Status);
    }

    [Fact]
    public async Task Retries_come_before_catchers()
    {
        var result = await Run(""","Retry":[{"ErrorEquals":["E"],"MaxAttempts":2}],"Catch":[{"ErrorEquals":["E"],"Next":"Caught"}]""", "E", "E", "E");

        Assert.Equal(3, _calls);
        JsonAssert.Equal(ErrorOutput("E", 3), JsonNode.Parse(result.Output!));
    }

    [Fact]
    public async Task States_ALL_catches_any_error()
    {
        var result = await Run(""","Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}]""", "Anything.At.All");

        Assert.Equal("SUCCEEDED", result.Status);
    }

    [Fact]
    public async Task States_TaskFailed_matches_a_function_error()
    {
        var result = await Run(""","Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"Caught"}]""", "Custom");

        Assert.Equal("SUCCEEDED", result.Status);
    }

    [Fact]
    public async Task States_Runtime_is_not_retried_by_States_ALL()
    {
        var state = $$"""{"Type":"Task","Resource":"{{Machines.Function("flaky")}}","InputPath":"$.missing","Retry":[{"ErrorEquals":["States.ALL"]}],"End":true}""";

        var result = await _f.RunAsync(Machines.Single(state), "{}");

        Assert.Equal("States.Runtime", result.Error);
        Assert.Equal(0, _calls);
    }

    [Fact]
    public async Task A_catcher_ResultPath_that_cannot_be_applied_fails_with_States_ResultPathMatchFailure()
    {
        var definition = Machines.Of(
            ("T", Flaky(""","Catch":[{"ErrorEquals":["E"],"ResultPath":"$.in.deeper","Next":"Caught"}]""")),
            ("Caught", """{"Type":"Pass","End":true}"""));
        _errors.Add("E");

        var result = await _f.RunAsync(definition, """{"in":1}""");

        Assert.Equal("States.ResultPathMatchFailure", result.Error);
    }

    [Fact]
    public async Task A_retry_wait_shows_in_the_history_as_a_gap_between_attempts()
    {
        var result = await Run(""","Retry":[{"ErrorEquals":["E"],"IntervalSeconds":7}]""", "E");
        var scheduled = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events.Where(e => e.Type == "LambdaFunctionScheduled").ToList();

        Assert.Equal(2, scheduled.Count);
        Assert.Equal(TimeSpan.FromSeconds(7), scheduled[1].Timestamp - scheduled[0].Timestamp);
    }

    [Fact]
    public async Task A_caught_error_is_recorded_as_the_state_exiting_with_the_error_output()
    {
        var result = await Run(""","Catch":[{"ErrorEquals":["E"],"Next":"Caught"}]""", "E");
        var exited = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events.First(e => e.Type == "TaskStateExited");

        JsonAssert.Equal(ErrorOutput("E", 1), JsonNode.Parse(exited.Details!["output"]!.GetValue<string>()));
    }
}
