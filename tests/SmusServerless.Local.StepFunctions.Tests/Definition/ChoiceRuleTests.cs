using SmusServerless.Local.StepFunctions.Definition;

namespace SmusServerless.Local.StepFunctions.Tests.Definition;

public sealed class ChoiceRuleTests
{
    [Theory]
    [InlineData("log-*.txt", "log-2026.txt", true)]
    [InlineData("log-*.txt", "log-.txt", true)]
    [InlineData("log-*.txt", "log-2026.csv", false)]
    [InlineData("*", "", true)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXcYYb", false)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "aXb", false)]
    [InlineData("a\\\\b", "a\\b", true)]
    [InlineData("exact", "exactly", false)]
    public void StringMatches_wildcards(string pattern, string text, bool expected)
        => Assert.Equal(expected, ComparisonRule.WildcardMatch(text, pattern));

    [Theory]
    [InlineData("2026-01-01T00:00:00Z", true)]
    [InlineData("2026-01-01T00:00:00.5Z", true)]
    [InlineData("2026-01-01T02:00:00+02:00", true)]
    [InlineData("2026-01-01t00:00:00Z", false)]
    [InlineData("2026-01-01 00:00:00Z", false)]
    [InlineData("2026-01-01T00:00:00", false)]
    [InlineData("yesterday", false)]
    public void Timestamps_follow_RFC_3339_with_uppercase_T_and_a_zone(string text, bool valid)
        => Assert.Equal(valid, ComparisonRule.TryParseTimestamp(text, out _));

    [Fact]
    public void Offsets_compare_by_instant()
    {
        ComparisonRule.TryParseTimestamp("2026-01-01T02:00:00+02:00", out var a);
        ComparisonRule.TryParseTimestamp("2026-01-01T00:00:00Z", out var b);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData("States.ALL", "Anything", true)]
    [InlineData("States.ALL", "States.Runtime", false)]
    [InlineData("States.ALL", "States.DataLimitExceeded", false)]
    [InlineData("States.TaskFailed", "Lambda.Unknown", true)]
    [InlineData("States.TaskFailed", "States.Timeout", false)]
    [InlineData("States.Timeout", "States.HeartbeatTimeout", true)]
    [InlineData("States.HeartbeatTimeout", "States.Timeout", false)]
    [InlineData("MyError", "myerror", false)]
    public void Error_name_matching(string pattern, string error, bool expected)
        => Assert.Equal(expected, ErrorNames.Matches(pattern, error));
}
