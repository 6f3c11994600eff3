using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Tests.Engine;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Specification;

/// <summary>The Map state (inline): the processor runs once per item; the result is the item outputs in item order.</summary>
public sealed class MapStateTests : IDisposable
{
    private readonly EngineFixture _f = new();

    public void Dispose() => _f.Dispose();

    private static string Map(string fields, string processorState = """{"Type":"Pass","End":true}""")
        => "{\"Type\":\"Map\",\"ItemProcessor\":{\"StartAt\":\"Item\",\"States\":{\"Item\":" + processorState + "}}" + fields + ",\"End\":true}";

    private Task<ExecutionDescription> Run(string map, string input) => _f.RunAsync(Machines.Single(map), input);

    [Fact]
    public async Task Each_item_of_the_input_array_runs_through_the_processor()
    {
        var result = await Run(Map("", """{"Type":"Pass","Parameters":{"v.$":"$"},"End":true}"""), "[1,2,3]");

        JsonAssert.Equal("""[{"v":1},{"v":2},{"v":3}]""", result.Output);
    }

    [Fact]
    public async Task ItemsPath_selects_the_array()
    {
        var result = await Run(Map(""","ItemsPath":"$.list" """), """{"list":["a","b"]}""");

        JsonAssert.Equal("""["a","b"]""", result.Output);
    }

    [Fact]
    public async Task An_empty_array_gives_an_empty_result()
    {
        var result = await Run(Map(""), "[]");

        JsonAssert.Equal("[]", result.Output);
    }

    [Fact]
    public async Task Items_that_are_not_an_array_fail_with_States_Runtime()
    {
        var result = await Run(Map(""","ItemsPath":"$.list" """), """{"list":{"not":"an array"}}""");

        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task ItemSelector_reads_the_item_index_and_value_from_the_context_object()
    {
        var result = await Run(Map(""","ItemsPath":"$.xs","ItemSelector":{"i.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value","all.$":"$.tag"}"""),
            """{"xs":["a","b"],"tag":"t"}""");

        JsonAssert.Equal("""[{"i":0,"v":"a","all":"t"},{"i":1,"v":"b","all":"t"}]""", result.Output);
    }

    [Fact]
    public async Task The_older_Iterator_and_Parameters_fields_work_like_ItemProcessor_and_ItemSelector()
    {
        var map = """{"Type":"Map","Iterator":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"Parameters":{"v.$":"$$.Map.Item.Value"},"End":true}""";

        var result = await Run(map, "[7]");

        JsonAssert.Equal("""[{"v":7}]""", result.Output);
    }

    [Fact]
    public async Task Results_stay_in_item_order_whatever_order_items_finish_in()
    {
        var result = await Run(Map("", """{"Type":"Wait","SecondsPath":"$.wait","End":true}"""), """[{"wait":30},{"wait":10},{"wait":20}]""");

        JsonAssert.Equal("""[{"wait":30},{"wait":10},{"wait":20}]""", result.Output);
    }

    [Fact]
    public async Task MaxConcurrency_limits_how_many_items_run_at_once()
    {
        var start = _f.Clock.GetUtcNow();

        await Run(Map(""","MaxConcurrency":1""", """{"Type":"Wait","Seconds":10,"End":true}"""), "[1,2,3]");

        Assert.Equal(TimeSpan.FromSeconds(30), _f.Clock.GetUtcNow() - start);
    }

    [Fact]
    public async Task MaxConcurrency_zero_runs_every_item_at_once()
    {
        var start = _f.Clock.GetUtcNow();

        await Run(Map(""","MaxConcurrency":0""", """{"Type":"Wait","Seconds":10,"End":true}"""), "[1,2,3]");

        Assert.Equal(TimeSpan.FromSeconds(10), _f.Clock.GetUtcNow() - start);
    }

    [Fact]
    public async Task MaxConcurrencyPath_reads_the_limit_from_the_input()
    {
        var start = _f.Clock.GetUtcNow();

        await Run(Map(""","ItemsPath":"$.xs","MaxConcurrencyPath":"$.limit" """, """{"Type":"Wait","Seconds":10,"End":true}"""), """{"xs":[1,2,3,4],"limit":2}""");

        Assert.Equal(TimeSpan.FromSeconds(20), _f.Clock.GetUtcNow() - start);
    }

    [Fact]
    public async Task A_failed_item_fails_the_Map_state_with_its_error()
    {
        var result = await Run(Map("", """{"Type":"Fail","Error":"Item.Bad","Cause":"no"}"""), "[1]");

        Assert.Equal(("FAILED", "Item.Bad"), (result.Status, result.Error));
    }

    [Fact]
    public async Task ToleratedFailureCount_lets_that_many_items_fail_and_reports_their_errors()
    {
        var processor = """{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":2,"Next":"Bad"}],"Default":"Good"},"Bad":{"Type":"Fail","Error":"E","Cause":"two"},"Good":{"Type":"Succeed"}""";

        var result = await Run(Map(""","ToleratedFailureCount":1""", processor), "[1,2,3]");

        Assert.Equal("SUCCEEDED", result.Status);
        JsonAssert.Equal("""[1,{"Error":"E","Cause":"two"},3]""", result.Output);
    }

    [Fact]
    public async Task More_failures_than_ToleratedFailureCount_fail_with_States_ExceedToleratedFailureThreshold()
    {
        var result = await Run(Map(""","ToleratedFailureCount":1""", """{"Type":"Fail","Error":"E"}"""), "[1,2,3]");

        Assert.Equal("States.ExceedToleratedFailureThreshold", result.Error);
    }

    [Fact]
    public async Task ToleratedFailurePercentage_is_a_share_of_all_items()
    {
        var processor = """{"Type":"Choice","Choices":[{"Variable":"$","NumericLessThan":2,"Next":"Bad"}],"Default":"Good"},"Bad":{"Type":"Fail","Error":"E"},"Good":{"Type":"Succeed"}""";

        var within = await Run(Map(""","ToleratedFailurePercentage":25""", processor), "[1,2,3,4]");
        var beyond = await Run(Map(""","ToleratedFailurePercentage":20""", processor.Replace("Bad", "Bad2").Replace("Good", "Good2")), "[1,2,3,4]");

        Assert.Equal("SUCCEEDED", within.Status);
        Assert.Equal("States.ExceedToleratedFailureThreshold", beyond.Error);
    }

    [Fact]
    public async Task ToleratedFailureCountPath_and_PercentagePath_read_the_threshold_from_the_input()
    {
        var byCount = await Run(Map(""","ItemsPath":"$.xs","ToleratedFailureCountPath":"$.n" """, """{"Type":"Fail","Error":"E"}"""), """{"xs":[1,2],"n":2}""");
        var byShare = await Run(Map(""","ItemsPath":"$.xs","ToleratedFailurePercentagePath":"$.p" """, """{"Type":"Fail","Error":"E"}"""), """{"xs":[1,2],"p":100}""");

        Assert.Equal("SUCCEEDED", byCount.Status);
        Assert.Equal("SUCCEEDED", byShare.Status);
    }

    [Fact]
    public async Task A_MaxConcurrencyPath_value_that_is_not_a_non_negative_integer_fails_with_States_Runtime()
    {
        var result = await Run(Map(""","ItemsPath":"$.xs","MaxConcurrencyPath":"$.limit" """), """{"xs":[1],"limit":-1}""");

        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task ResultSelector_and_ResultPath_place_the_results()
    {
        var result = await Run(Map(""","ItemsPath":"$.xs","ResultSelector":{"count.$":"States.ArrayLength($)"},"ResultPath":"$.summary" """), """{"xs":[1,2]}""");

        JsonAssert.Equal("""{"xs":[1,2],"summary":{"count":2}}""", result.Output);
    }

    [Fact]
    public async Task A_Map_state_records_its_iterations()
    {
        var result = await Run(Map(""), "[1,2]");
        var events = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events;

        var started = events.Single(e => e.Type == "MapStateStarted");
        Assert.Equal(2, started.Details!["length"]!.GetValue<int>());
        Assert.Equal([0, 1], events.Where(e => e.Type == "MapIterationStarted").Select(e => e.Details!["index"]!.GetValue<int>()));
        Assert.Equal(2, events.Count(e => e.Type == "MapIterationSucceeded"));
        Assert.Contains(events, e => e.Type == "MapStateSucceeded");
    }

    [Fact]
    public async Task A_failing_item_aborts_the_items_still_running()
    {
        var processor = """{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":0,"Next":"Bad"}],"Default":"Slow"},"Bad":{"Type":"Fail","Error":"E"},"Slow":{"Type":"Wait","Seconds":600,"End":true}""";

        var result = await Run(Map("", processor), "[0,1]");
        var types = _f.Engine.GetExecutionHistory(result.ExecutionArn, 1000).Events.Select(e => e.Type).ToList();

        Assert.Contains("MapIterationFailed", types);
        Assert.Contains("MapIterationAborted", types);
        Assert.Contains("MapStateFailed", types);
    }

    [Fact]
    public async Task A_Map_item_receives_the_item_itself_without_an_ItemSelector()
    {
        var items = new JsonArray(new JsonObject { ["deep"] = new JsonObject { ["x"] = 1 } });

        var result = await Run(Map(""), items.ToJsonString());

        JsonAssert.Equal(items.ToJsonString(), result.Output);
    }
}
