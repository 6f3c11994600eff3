using System.Globalization;

namespace SmusServerless.Core.Bundle;

/// <summary>
/// Works out a bundle's source (commit, author, repository) and creation time from explicit values first, then
/// the variables CI systems set. The variables are passed in, so the core never reads the environment itself.
/// </summary>
public static class BundleProvenance
{
    // First match wins, in this order: GitHub Actions, GitLab CI, Azure Pipelines, AWS CodeBuild, Bitbucket, CircleCI, Jenkins.
    private static readonly string[] CommitVariables =
        ["GITHUB_SHA", "CI_COMMIT_SHA", "BUILD_SOURCEVERSION", "CODEBUILD_RESOLVED_SOURCE_VERSION", "BITBUCKET_COMMIT", "CIRCLE_SHA1", "GIT_COMMIT"];

    private static readonly string[] AuthorVariables =
        ["GITHUB_ACTOR", "GITLAB_USER_EMAIL", "GITLAB_USER_LOGIN", "BUILD_REQUESTEDFOREMAIL", "CODEBUILD_INITIATOR", "CIRCLE_USERNAME", "BUILD_USER_ID"];

    private static readonly string[] RepositoryVariables =
        ["CI_PROJECT_URL", "BUILD_REPOSITORY_URI", "CODEBUILD_SOURCE_REPO_URL", "BITBUCKET_GIT_HTTP_ORIGIN", "CIRCLE_REPOSITORY_URL", "GIT_URL"];

    /// <summary>
    /// Commit, author and repository: an explicit non-empty value wins, otherwise the first CI variable set.
    /// GitHub's repository is <c>$GITHUB_SERVER_URL/$GITHUB_REPOSITORY</c>.
    /// </summary>
    public static BundleSource ResolveSource(string? commit, string? author, string? repository, IReadOnlyDictionary<string, string?> environment)
    {
        var githubRepository = Lookup(environment, "GITHUB_REPOSITORY") is { } repo
            ? $"{(Lookup(environment, "GITHUB_SERVER_URL") ?? "https://github.com").TrimEnd('/')}/{repo}"
            : null;
        return new BundleSource(
            NonEmpty(commit) ?? First(environment, CommitVariables),
            NonEmpty(author) ?? First(environment, AuthorVariables),
            NonEmpty(repository) ?? githubRepository ?? First(environment, RepositoryVariables));
    }

    /// <summary>
    /// The creation time recorded in bundle.json, truncated to the second. In order: <paramref name="explicitCreated"/>;
    /// <c>SOURCE_DATE_EPOCH</c> (seconds since 1970, the reproducible-builds convention); GitLab's
    /// <c>CI_COMMIT_TIMESTAMP</c>; else <paramref name="fromSource"/>: a time the sources themselves give (the
    /// checkout's commit time, the newest file), never the clock, so the same inputs give the same bundle by default.
    /// </summary>
    public static DateTimeOffset ResolveCreated(DateTimeOffset? explicitCreated, IReadOnlyDictionary<string, string?> environment, Func<DateTimeOffset> fromSource)
    {
        if (explicitCreated is { } given)
            return TruncateToSecond(given);
        if (Lookup(environment, "SOURCE_DATE_EPOCH") is { } epochText)
        {
            if (!long.TryParse(epochText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
                throw new FormatException($"SOURCE_DATE_EPOCH '{epochText}' is not a number of seconds since 1970-01-01");
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        if (Lookup(environment, "CI_COMMIT_TIMESTAMP") is { } commitTime
            && DateTimeOffset.TryParse(commitTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var committed))
            return TruncateToSecond(committed);
        return TruncateToSecond(fromSource());
    }

    private static DateTimeOffset TruncateToSecond(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());

    private static string? First(IReadOnlyDictionary<string, string?> environment, string[] names)
    {
        foreach (var name in names)
        {
            if (Lookup(environment, name) is { } value)
                return value;
        }
        return null;
    }

    private static string? Lookup(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) ? NonEmpty(value) : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
