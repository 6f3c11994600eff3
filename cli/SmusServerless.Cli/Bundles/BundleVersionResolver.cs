namespace SmusServerless.Cli.Bundles;

/// <summary>A bundle version and where it came from (for messages: <c>--version</c>, <c>GITHUB_REF_NAME</c>, ...).</summary>
public sealed record ResolvedVersion(string Version, string Origin);

/// <summary>
/// The version of a bundle being built: <c>--version</c>, else the CI's tag, else the CI's build number. Tags come
/// first because a tagged build is a release; a build number is unique per pipeline, so untagged CI builds never
/// collide (and <c>publish</c> refuses to overwrite one that does). Outside CI there is no default: the version names
/// an immutable artefact, so a person chooses it.
/// </summary>
public static class BundleVersionResolver
{
    // In order: GitHub Actions tag, GitLab tag, GitHub run number, GitLab pipeline number, AWS CodeBuild build number.
    private static readonly (string Variable, Func<IReadOnlyDictionary<string, string?>, bool> Applies)[] Sources =
    [
        ("GITHUB_REF_NAME", env => Value(env, "GITHUB_REF_TYPE") == "tag"),
        ("CI_COMMIT_TAG", _ => true),
        ("GITHUB_RUN_NUMBER", _ => true),
        ("CI_PIPELINE_IID", _ => true),
        ("CODEBUILD_BUILD_NUMBER", _ => true),
    ];

    /// <summary>The names of the variables consulted, for the message when none is set.</summary>
    public static IReadOnlyList<string> Variables { get; } = [.. Sources.Select(s => s.Variable)];

    public static ResolvedVersion? Resolve(string? explicitVersion, IReadOnlyDictionary<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(explicitVersion))
            return new ResolvedVersion(explicitVersion.Trim(), "--version");
        foreach (var (variable, applies) in Sources)
        {
            if (Value(environment, variable) is { } value && applies(environment))
                return new ResolvedVersion(value, variable);
        }
        return null;
    }

    private static string? Value(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
