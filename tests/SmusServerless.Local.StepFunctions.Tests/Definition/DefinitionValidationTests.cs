using SmusServerless.Local.StepFunctions.Definition;

namespace SmusServerless.Local.StepFunctions.Tests.Definition;

/// <summary>A definition is checked before it runs; each problem names where it is.</summary>
public sealed class DefinitionValidationTests
{
    private static IReadOnlyList<DefinitionProblem> Problems(string json, Func<string, string?>? resources = null)
        => new DefinitionParser(resources ?? (_ => null)).TryParse(json).Problems;

    private static DefinitionProblem Single(string json, Func<string, string?>? resources = null)
        => Assert.Single(Problems(json, resources));

    [Fact]
    public void Reports_Next_to_a_missing_state_at_its_location()
    {
        var problems = Problems("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"},"B":{"Type":"Pass","End":true}}}""");
        var p = Assert.Single(problems, x => x.Location == "/States/A/Next");
        Assert.Contains("'Nowhere' is not a state", p.Message);
    }

    [Fact]
    public void Reports_an_unreachable_state()
    {
        var problems = Problems("""{"StartAt":"A","States":{"A":{"Type":"Succeed"},"Orphan":{"Type":"Succeed"}}}""");
        var p = Assert.Single(problems);
        Assert.Equal("/States/Orphan", p.Location);
        Assert.Contains("cannot be reached", p.Message);
    }

    [Fact]
    public void Reports_a_machine_without_a_terminal_state()
    {
        var problems = Problems("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"A"}}}""");
        Assert.Contains(problems, p => p.Message.Contains("no terminal state", StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_Next_together_with_End()
    {
        var p = Single("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B","End":true},"B":{"Type":"Succeed"}}}""");
        Assert.Equal("/States/A", p.Location);
        Assert.Contains("both Next and End", p.Message);
    }

    [Fact]
    public void Reports_a_state_with_neither_Next_nor_End()
    {
        var problems = Problems("""{"StartAt":"A","States":{"A":{"Type":"Pass"},"B":{"Type":"Succeed"}}}""");
        Assert.Contains(problems, p => p.Location == "/States/A" && p.Message.Contains("needs Next", StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_a_JSONPath_syntax_error_with_field_and_position()
    {
        var p = Single("""{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$.a[","End":true}}}""");
        Assert.Equal("/States/A/InputPath", p.Location);
        Assert.Contains("$.a[", p.Message);
    }

    [Fact]
    public void Reports_a_ResultPath_that_is_not_a_reference_path()
    {
        var p = Single("""{"StartAt":"A","States":{"A":{"Type":"Pass","ResultPath":"$.a[*]","End":true}}}""");
        Assert.Equal("/States/A/ResultPath", p.Location);
        Assert.Contains("reference path", p.Message);
    }

    [Fact]
    public void Reports_an_unsupported_resource_as_unsupported()
    {
        var p = Single("""{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}}}""",
            r => $"no local implementation for {r}");
        Assert.Equal(DefinitionProblemKind.Unsupported, p.Kind);
        Assert.Equal("/States/A/Resource", p.Location);
    }

    [Fact]
    public void Reports_a_field_that_does_not_belong_to_the_state_type()
    {
        var p = Single("""{"StartAt":"A","States":{"A":{"Type":"Succeed","Next":"A"}}}""");
        Assert.Equal("/States/A/Next", p.Location);
        Assert.Contains("not a field of a Succeed state", p.Message);
    }

    [Fact]
    public void Reports_States_ALL_that_is_not_alone_or_not_last()
    {
        var problems = Problems("""
            {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","End":true,
              "Retry":[{"ErrorEquals":["States.ALL","X"]}],
              "Catch":[{"ErrorEquals":["States.ALL"],"Next":"B"},{"ErrorEquals":["X"],"Next":"B"}]},
             "B":{"Type":"Succeed"}}}
            """);
        Assert.Contains(problems, p => p.Location == "/States/A/Retry/0/ErrorEquals");
        Assert.Contains(problems, p => p.Location == "/States/A/Catch/0/ErrorEquals");
    }

    [Fact]
    public void Reports_a_link_out_of_a_parallel_branch()
    {
        var problems = Problems("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"X","States":{"X":{"Type":"Pass","Next":"Outside"}}}]},"Outside":{"Type":"Succeed"}}}
            """);
        Assert.Contains(problems, p => p.Location == "/States/P/Branches/0/States/X/Next");
    }

    [Fact]
    public void Reports_duplicate_state_names_across_scopes()
    {
        var problems = Problems("""
            {"StartAt":"M","States":{"M":{"Type":"Map","Next":"Same","ItemProcessor":{"StartAt":"Same","States":{"Same":{"Type":"Succeed"}}}},
             "Same":{"Type":"Succeed"}}}
            """);
        Assert.Contains(problems, p => p.Message.Contains("used more than once", StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_an_invalid_intrinsic_function()
    {
        var p = Single("""{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"States.Nope($.a)"},"End":true}}}""");
        Assert.Equal("/States/A/Parameters/x.$", p.Location);
        Assert.Contains("unknown intrinsic function", p.Message);
    }

    [Fact]
    public void Reports_a_field_given_with_and_without_the_path_suffix()
    {
        var p = Single("""{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x":1,"x.$":"$.a"},"End":true}}}""");
        Assert.Contains("given twice", p.Message);
    }

    [Fact]
    public void Reports_duplicate_json_keys()
    {
        var problems = Problems("""{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"End":true}}}""");
        Assert.Contains(problems, p => p.Message.Contains("appears twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Throws_one_exception_listing_every_problem()
    {
        var ex = Assert.Throws<InvalidDefinitionException>(() => new DefinitionParser(_ => null).Parse(
            """{"StartAt":"Missing","States":{"A":{"Type":"Pass","Next":"Gone"}}}"""));
        Assert.True(ex.Problems.Count >= 2);
        Assert.Contains("/StartAt", ex.Message);
        Assert.Contains("/States/A/Next", ex.Message);
    }

    [Fact]
    public void Accepts_a_valid_definition()
    {
        Assert.Empty(Problems("""
            {"StartAt":"C","TimeoutSeconds":60,"States":{
              "C":{"Type":"Choice","Choices":[{"Variable":"$.x","NumericEquals":1,"Next":"W"}],"Default":"F"},
              "W":{"Type":"Wait","Seconds":1,"Next":"S"},
              "S":{"Type":"Succeed"},
              "F":{"Type":"Fail","Error":"E","Cause":"C"}}}
            """));
    }
}
