using SmusServerless.Local.StepFunctions.Definition;

namespace SmusServerless.Local.StepFunctions.Tests.Definition;

/// <summary>
/// Transitions ("Transitions" in the specification): every target is a state of the same scope, every state is
/// reachable from StartAt, and each scope can end; checked per scope, nested scopes included.
/// </summary>
public sealed class TransitionRulesTests
{
    private static IReadOnlyList<DefinitionProblem> Problems(string definition) => AcceptedFieldsTests.Parser().TryParse(definition).Problems;

    private static void AssertProblem(string definition, string location, string messagePart)
    {
        var problems = Problems(definition);
        Assert.True(problems.Any(p => p.Location == location && p.Message.Contains(messagePart, StringComparison.Ordinal)),
            $"expected '{messagePart}' at {location}; got {string.Join("; ", problems)}");
    }

    [Fact]
    public void A_Choice_rule_Next_must_name_a_state()
        => AssertProblem("""{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":true,"Next":"Nowhere"}],"Default":"D"},"D":{"Type":"Succeed"}}}""",
            "/States/C/Choices/0/Next", "'Nowhere' is not a state");

    [Fact]
    public void A_Choice_Default_must_name_a_state()
        => AssertProblem("""{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":true,"Next":"D"}],"Default":"Nowhere"},"D":{"Type":"Succeed"}}}""",
            "/States/C/Default", "'Nowhere' is not a state");

    [Fact]
    public void A_catcher_Next_must_name_a_state()
        => AssertProblem("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Catch":[{"ErrorEquals":["States.ALL"],"Next":"Nowhere"}],"End":true}}}""",
            "/States/T/Catch/0/Next", "'Nowhere' is not a state");

    [Fact]
    public void A_state_reached_only_through_a_catcher_is_reachable()
        => Assert.Empty(Problems("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},"H":{"Type":"Succeed"}}}"""));

    [Fact]
    public void A_state_reached_only_through_a_Choice_rule_is_reachable()
        => Assert.Empty(Problems("""{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":true,"Next":"Y"}],"Default":"N"},"Y":{"Type":"Succeed"},"N":{"Type":"Fail"}}}"""));

    [Fact]
    public void A_loop_is_allowed_when_something_can_end()
        => Assert.Empty(Problems("""{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.done","BooleanEquals":true,"Next":"End"}],"Default":"Again"},"Again":{"Type":"Pass","Next":"C"},"End":{"Type":"Succeed"}}}"""));

    [Fact]
    public void A_branch_state_may_not_move_to_a_state_outside_the_branch()
        => AssertProblem("""{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","Next":"After"}}}],"Next":"After"},"After":{"Type":"Succeed"}}}""",
            "/States/P/Branches/0/States/B/Next", "a transition cannot leave or enter");

    [Fact]
    public void A_Map_processor_must_be_able_to_end()
        => AssertProblem("""{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","Next":"I"}}},"End":true}}}""",
            "/States/M/ItemProcessor/States", "no terminal state");

    [Fact]
    public void An_unreachable_state_inside_a_branch_is_reported_inside_it()
        => AssertProblem("""{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Succeed"},"Lost":{"Type":"Succeed"}}}],"End":true}}}""",
            "/States/P/Branches/0/States/Lost", "cannot be reached");

    [Fact]
    public void StartAt_of_a_branch_must_be_one_of_its_states()
        => AssertProblem("""{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"X","States":{"B":{"Type":"Succeed"}}}],"End":true}}}""",
            "/States/P/Branches/0/StartAt", "is not a state in this scope");

    [Fact]
    public void Every_problem_in_the_definition_is_reported_at_once()
    {
        var problems = Problems("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Missing"},"B":{"Type":"Pass","End":"no"}}}""");

        Assert.Contains(problems, p => p.Location == "/States/A/Next");
        Assert.Contains(problems, p => p.Location == "/States/B");
        Assert.Contains(problems, p => p.Location == "/States/B/End");
    }
}
