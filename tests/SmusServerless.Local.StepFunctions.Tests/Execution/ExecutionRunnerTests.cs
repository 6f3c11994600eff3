using SmusServerless.Local.StepFunctions.Definition;
using SmusServerless.Local.StepFunctions.Execution;
using SmusServerless.Local.StepFunctions.Intrinsics;
using SmusServerless.Local.StepFunctions.Tasks;

namespace SmusServerless.Local.StepFunctions.Tests.Execution;

/// <summary>
/// The runner over a bare <see cref="ExecutionRecord"/>, without the facade or a state directory: everything an
/// execution needs to resume is in the record, and the runner only moves it on as far as it can without time passing.
/// </summary>
public sealed class ExecutionRunnerTests
{
    private readonly VirtualTimeProvider _clock = new();
    private readonly Dictionary<string, string> _tokens = [];

    private ExecutionRunner Runner()
        => new(new TaskResourceRegistry(), _clock, IntrinsicEnvironment.Default, new NoHost(), _ => null, (hash, arn) => _tokens[hash] = arn);

    private static StateMachineDefinition Parse(string json) => new DefinitionParser(_ => null).Parse(json);

    private ExecutionRecord Start(StateMachineDefinition definition, string input = "{}")
    {
        var record = new ExecutionRecord
        {
            ExecutionArn = "arn:aws:states:us-east-1:123456789012:execution:m:run",
            StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:m",
            Name = "run",
            Input = input,
            Definition = definition.Json,
            StartDate = _clock.GetUtcNow(),
        };
        var root = ExecutionRunner.NewBranch(record, definition.Root.Key, definition.Root.StartAt, input, null, 0);
        record.RootBranchId = root.Id;
        return record;
    }

    [Fact]
    public async Task Runs_states_that_need_no_time_to_the_end_in_one_call()
    {
        var definition = Parse("""{"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"Next":"B"},"B":{"Type":"Succeed"}}}""");
        var record = Start(definition);

        var changed = await Runner().AdvanceAsync(record, definition, CancellationToken.None);

        Assert.True(changed);
        Assert.Equal((ExecutionStatus.Succeeded, "1"), (record.Status, record.Output));
        Assert.Equal(2, record.StateTransitions);
    }

    [Fact]
    public async Task Stops_at_a_Wait_and_reports_when_it_is_due()
    {
        var definition = Parse("""{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":30,"End":true}}}""");
        var record = Start(definition);

        await Runner().AdvanceAsync(record, definition, CancellationToken.None);

        Assert.Equal(ExecutionStatus.Running, record.Status);
        Assert.Equal((_clock.GetUtcNow().AddSeconds(30), (DateTimeOffset?)null), ExecutionRunner.NextDue(record));
    }

    [Fact]
    public async Task Resumes_from_the_record_once_the_clock_has_passed_the_due_time()
    {
        var definition = Parse("""{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":30,"End":true}}}""");
        var record = Start(definition);
        await Runner().AdvanceAsync(record, definition, CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(30));
        var changed = await Runner().AdvanceAsync(record, definition, CancellationToken.None);

        Assert.True(changed);
        Assert.Equal(ExecutionStatus.Succeeded, record.Status);
    }

    [Fact]
    public async Task Reports_no_change_when_nothing_is_due()
    {
        var definition = Parse("""{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":30,"End":true}}}""");
        var record = Start(definition);
        await Runner().AdvanceAsync(record, definition, CancellationToken.None);

        Assert.False(await Runner().AdvanceAsync(record, definition, CancellationToken.None));
    }

    [Fact]
    public async Task The_execution_deadline_is_reported_as_a_deadline_not_a_timer()
    {
        var definition = Parse("""{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":300,"End":true}}}""");
        var record = Start(definition);
        record.TimeoutAt = _clock.GetUtcNow().AddSeconds(60);
        await Runner().AdvanceAsync(record, definition, CancellationToken.None);

        var (timer, deadline) = ExecutionRunner.NextDue(record);

        Assert.Equal(_clock.GetUtcNow().AddSeconds(300), timer);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(60), deadline);
    }

    [Fact]
    public async Task A_passed_execution_deadline_times_the_execution_out()
    {
        var definition = Parse("""{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":300,"End":true}}}""");
        var record = Start(definition);
        record.TimeoutAt = _clock.GetUtcNow().AddSeconds(60);
        await Runner().AdvanceAsync(record, definition, CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(60));
        await Runner().AdvanceAsync(record, definition, CancellationToken.None);

        Assert.Equal((ExecutionStatus.TimedOut, ErrorNames.Timeout), (record.Status, record.Error));
        Assert.Equal("ExecutionTimedOut", record.Events[^1].Type);
    }

    [Fact]
    public void New_branches_are_numbered_in_order_and_continue_their_parent_history()
    {
        var record = Start(Parse("""{"StartAt":"S","States":{"S":{"Type":"Succeed"}}}"""));
        record.Branches["b1"].LastEventId = 7;

        var child = ExecutionRunner.NewBranch(record, "$/P[0]", "X", "{}", "b1", 3);

        Assert.Equal(("b2", "b1", 3, 7L, BranchPhase.Ready), (child.Id, child.ParentId, child.Index, child.LastEventId, child.Phase));
        Assert.Same(child, record.Branches["b2"]);
    }

    [Fact]
    public async Task Branches_are_visited_in_numeric_order_past_nine()
    {
        var definition = Parse("""
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}
            """);
        var record = Start(definition, "[0,1,2,3,4,5,6,7,8,9,10,11]");

        await Runner().AdvanceAsync(record, definition, CancellationToken.None);

        Assert.Equal("[0,1,2,3,4,5,6,7,8,9,10,11]", record.Output);
        var entered = record.Events.Where(e => e.Type == "PassStateEntered").Select(e => e.Details!["input"]!.GetValue<string>());
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), entered);
    }

    [Fact]
    public async Task A_task_without_a_local_resource_fails_with_States_Runtime()
    {
        var definition = Parse("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}}}""");
        var record = Start(definition);

        await Runner().AdvanceAsync(record, definition, CancellationToken.None);

        Assert.Equal(ErrorNames.Runtime, record.Error);
        Assert.Contains("No local implementation", record.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void The_payload_limit_is_256_KiB()
        => Assert.Equal(262144, ExecutionRunner.MaxPayloadBytes);

    /// <summary>These tests start no child executions.</summary>
    private sealed class NoHost : ITaskHost
    {
        public Task<(string ExecutionArn, DateTimeOffset StartDate)> StartChildExecutionAsync(
            string stateMachineArn, string? name, string input, string parentExecutionArn, CancellationToken cancellationToken)
            => throw new InvalidOperationException("these tests start no child executions");
    }
}
