using SmusServerless.Local.StepFunctions.Definition;

namespace SmusServerless.Local.StepFunctions.Tests.Definition;

/// <summary>What each state parser builds: the values given, and the States Language defaults for the ones left out.</summary>
public sealed class StateModelTests
{
    private const string Fn = "arn:aws:lambda:us-east-1:123456789012:function:fn";

    private static T Parse<T>(string state) where T : StateDefinition
    {
        var definition = AcceptedFieldsTests.Parser().Parse("{\"StartAt\":\"S\",\"States\":{\"S\":" + state + (state.Contains("\"T\"", StringComparison.Ordinal) ? ",\"T\":{\"Type\":\"Succeed\"}" : "") + "}}");
        return Assert.IsType<T>(definition.Root.States["S"]);
    }

    [Fact]
    public void Absent_paths_default_to_the_whole_input()
    {
        var pass = Parse<PassState>("""{"Type":"Pass","End":true}""");

        Assert.Equal(("$", false), (pass.InputPath.Path!.Text, pass.InputPath.IsNull));
        Assert.Equal("$", pass.OutputPath.Path!.Text);
        Assert.Equal("$", pass.ResultPath.Path!.Text);
    }

    [Fact]
    public void A_null_path_is_kept_as_null_not_as_absent()
    {
        var pass = Parse<PassState>("""{"Type":"Pass","InputPath":null,"ResultPath":null,"OutputPath":null,"End":true}""");

        Assert.True(pass.InputPath.IsNull && pass.ResultPath.IsNull && pass.OutputPath.IsNull);
    }

    [Fact]
    public void A_Pass_Result_of_null_is_a_Result()
    {
        var with = Parse<PassState>("""{"Type":"Pass","Result":null,"End":true}""");
        var without = Parse<PassState>("""{"Type":"Pass","End":true}""");

        Assert.True(with.HasResult);
        Assert.False(without.HasResult);
    }

    [Fact]
    public void A_retrier_without_options_gets_the_specification_defaults()
    {
        var task = Parse<TaskState>($$"""{"Type":"Task","Resource":"{{Fn}}","Retry":[{"ErrorEquals":["E"]}],"End":true}""");

        var retrier = Assert.Single(task.Retry);
        Assert.Equal((1, 3, 2.0, (int?)null, "NONE"), (retrier.IntervalSeconds, retrier.MaxAttempts, retrier.BackoffRate, retrier.MaxDelaySeconds, retrier.JitterStrategy));
    }

    [Fact]
    public void A_retrier_keeps_the_values_given()
    {
        var task = Parse<TaskState>($$"""{"Type":"Task","Resource":"{{Fn}}","Retry":[{"ErrorEquals":["A","B"],"IntervalSeconds":4,"MaxAttempts":0,"BackoffRate":1.5,"MaxDelaySeconds":9,"JitterStrategy":"FULL"}],"End":true}""");

        var retrier = Assert.Single(task.Retry);
        Assert.Equal(["A", "B"], retrier.ErrorEquals);
        Assert.Equal((4, 0, 1.5, (int?)9, "FULL"), (retrier.IntervalSeconds, retrier.MaxAttempts, retrier.BackoffRate, retrier.MaxDelaySeconds, retrier.JitterStrategy));
    }

    [Fact]
    public void A_catcher_without_ResultPath_replaces_the_input_with_the_error_output()
    {
        var task = Parse<TaskState>($$"""{"Type":"Task","Resource":"{{Fn}}","Catch":[{"ErrorEquals":["States.ALL"],"Next":"T"}],"End":true}""");

        var catcher = Assert.Single(task.Catch);
        Assert.Equal(("T", "$"), (catcher.Next, catcher.ResultPath.Path!.Text));
    }

    [Fact]
    public void A_Task_keeps_its_deadlines()
    {
        var task = Parse<TaskState>($$"""{"Type":"Task","Resource":"{{Fn}}","TimeoutSeconds":60,"HeartbeatSeconds":10,"End":true}""");

        Assert.Equal((60, 10), (task.TimeoutSeconds, task.HeartbeatSeconds));
        Assert.Null(task.TimeoutSecondsPath);
    }

    [Fact]
    public void A_Task_deadline_path_is_a_reference_path()
    {
        var task = Parse<TaskState>($$"""{"Type":"Task","Resource":"{{Fn}}","TimeoutSecondsPath":"$.t","HeartbeatSecondsPath":"$.h","End":true}""");

        Assert.Equal(("$.t", "$.h"), (task.TimeoutSecondsPath!.Text, task.HeartbeatSecondsPath!.Text));
    }

    [Fact]
    public void A_Choice_keeps_its_rules_in_order_with_their_Next()
    {
        var choice = Parse<ChoiceState>("""{"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":true,"Next":"T"},{"Not":{"Variable":"$.a","IsNull":true},"Next":"T"}],"Default":"T"}""");

        Assert.IsType<ComparisonRule>(choice.Choices[0]);
        Assert.IsType<NotRule>(choice.Choices[1]);
        Assert.All(choice.Choices, r => Assert.Equal("T", r.Next));
        Assert.Equal("T", choice.Default);
    }

    [Fact]
    public void A_Wait_Timestamp_is_parsed_to_an_instant()
    {
        var wait = Parse<WaitState>("""{"Type":"Wait","Timestamp":"2026-03-01T12:00:00+01:00","End":true}""");

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 11, 0, 0, TimeSpan.Zero), wait.Timestamp);
    }

    [Fact]
    public void Succeed_and_Fail_are_terminal()
    {
        Assert.True(Parse<SucceedState>("""{"Type":"Succeed"}""").End);
        Assert.True(Parse<FailState>("""{"Type":"Fail"}""").End);
    }

    [Fact]
    public void Parallel_branches_are_scopes_keyed_under_the_state()
    {
        var parallel = Parse<ParallelState>("""{"Type":"Parallel","Branches":[{"StartAt":"A","States":{"A":{"Type":"Succeed"}}},{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}],"End":true}""");

        Assert.Equal(["$/S[0]", "$/S[1]"], parallel.Branches.Select(b => b.Key));
        Assert.Equal(["A", "B"], parallel.Branches.Select(b => b.StartAt));
    }

    [Fact]
    public void A_Map_without_limits_runs_all_items_at_once_and_tolerates_no_failure()
    {
        var map = Parse<MapState>("""{"Type":"Map","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}""");

        Assert.Equal(0, map.MaxConcurrency);
        Assert.Null(map.ToleratedFailureCount);
        Assert.Null(map.ToleratedFailurePercentage);
        Assert.Equal("$/S", map.Processor.Key);
    }

    [Fact]
    public void The_legacy_Map_Parameters_become_the_ItemSelector()
    {
        var map = Parse<MapState>("""{"Type":"Map","Iterator":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"Parameters":{"v.$":"$$.Map.Item.Value"},"End":true}""");

        Assert.NotNull(map.ItemSelector);
    }

    [Fact]
    public void Every_scope_of_the_definition_can_be_looked_up_by_key()
    {
        var definition = AcceptedFieldsTests.Parser().Parse("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"M","States":{"M":{"Type":"Map","End":true,
              "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}}}}]}}}
            """);

        Assert.Equal(["$", "$/P[0]", "$/P[0]/M"], definition.Scopes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("I", definition.Scope("$/P[0]/M").StartAt);
    }

    [Fact]
    public void The_state_machine_TimeoutSeconds_is_kept()
    {
        var definition = AcceptedFieldsTests.Parser().Parse("""{"TimeoutSeconds":300,"StartAt":"S","States":{"S":{"Type":"Succeed"}}}""");

        Assert.Equal(300, definition.TimeoutSeconds);
    }
}
