using SmusServerless.Core.Bundle;

namespace SmusServerless.Core.Tests.Bundle;

public sealed class BundleProvenanceTests
{
    private static readonly Dictionary<string, string?> NoVariables = [];

    [Fact]
    public void Explicit_values_win_over_ci_variables()
    {
        var source = BundleProvenance.ResolveSource("abc", "me", "https://example.com/r", new Dictionary<string, string?> { ["GITHUB_SHA"] = "def", ["GITHUB_ACTOR"] = "bot" });
        Assert.Equal(new BundleSource("abc", "me", "https://example.com/r"), source);
    }

    [Fact]
    public void Reads_github_actions_variables()
    {
        var source = BundleProvenance.ResolveSource(null, "", null, new Dictionary<string, string?>
        {
            ["GITHUB_SHA"] = "1a2b3c", ["GITHUB_ACTOR"] = "octocat", ["GITHUB_SERVER_URL"] = "https://github.example.com", ["GITHUB_REPOSITORY"] = "org/repo",
        });
        Assert.Equal(new BundleSource("1a2b3c", "octocat", "https://github.example.com/org/repo"), source);
    }

    [Fact]
    public void Reads_gitlab_variables_preferring_the_email()
    {
        var source = BundleProvenance.ResolveSource(null, null, null, new Dictionary<string, string?>
        {
            ["CI_COMMIT_SHA"] = "9f8e", ["GITLAB_USER_LOGIN"] = "jdoe", ["GITLAB_USER_EMAIL"] = "jdoe@example.com", ["CI_PROJECT_URL"] = "https://gitlab.example.com/g/p",
        });
        Assert.Equal(new BundleSource("9f8e", "jdoe@example.com", "https://gitlab.example.com/g/p"), source);
    }

    [Fact]
    public void Leaves_commit_and_author_unknown_without_values_or_variables() =>
        Assert.Equal(new BundleSource(null, null, null), BundleProvenance.ResolveSource(" ", null, null, NoVariables));

    [Fact]
    public void Created_comes_from_source_date_epoch()
    {
        var created = BundleProvenance.ResolveCreated(null, new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1769860800" }, () => DateTimeOffset.UnixEpoch);
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero), created);
    }

    [Fact]
    public void Explicit_created_wins_and_is_truncated_to_the_second()
    {
        var created = BundleProvenance.ResolveCreated(new DateTimeOffset(2026, 2, 1, 8, 30, 15, 999, TimeSpan.FromHours(2)),
            new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "0" }, () => DateTimeOffset.UnixEpoch);
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 6, 30, 15, TimeSpan.Zero), created);
    }

    [Fact]
    public void Created_falls_back_to_the_gitlab_commit_time_then_the_time_the_sources_give()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero),
            BundleProvenance.ResolveCreated(null, new Dictionary<string, string?> { ["CI_COMMIT_TIMESTAMP"] = "2026-03-01T11:00:00+01:00" }, () => DateTimeOffset.UnixEpoch));
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 1, TimeSpan.Zero),
            BundleProvenance.ResolveCreated(null, NoVariables, () => new DateTimeOffset(2026, 4, 1, 0, 0, 1, 500, TimeSpan.Zero)));
    }

    [Fact]
    public void Refuses_a_source_date_epoch_that_is_not_a_number() =>
        Assert.Contains("SOURCE_DATE_EPOCH 'yesterday'",
            Assert.Throws<FormatException>(() => BundleProvenance.ResolveCreated(null, new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "yesterday" }, () => DateTimeOffset.UnixEpoch)).Message);
}
