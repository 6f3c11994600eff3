using System.Text.RegularExpressions;

namespace SmusServerless.Core.Bundle;

/// <summary>Bundle names and versions, and the <c>&lt;name&gt;-&lt;version&gt;.zip</c> file name built from them.</summary>
public static partial class BundleNaming
{
    /// <summary>Null when <paramref name="name"/> is a valid bundle name (the manifest's pipelineName/bundleName rule), else why not.</summary>
    public static string? CheckName(string? name) =>
        name is null ? "required"
        : name.Length is < 1 or > 64 ? "must be 1 to 64 characters"
        : NamePattern().IsMatch(name) ? null
        : "must start with a letter and hold only letters, digits, '_' and '-'";

    /// <summary>Null when <paramref name="version"/> is a valid version (a file-name-safe label such as 1.4.0, 2026.01.31-3, or a commit), else why not.</summary>
    public static string? CheckVersion(string? version) =>
        version is null ? "required"
        : version.Length is < 1 or > 128 ? "must be 1 to 128 characters"
        : VersionPattern().IsMatch(version) ? null
        : "must start with a letter or digit and hold only letters, digits, '.', '_', '+' and '-'";

    /// <summary>The bundle's file name, <c>&lt;name&gt;-&lt;version&gt;.zip</c>.</summary>
    public static string FileName(string name, string version)
    {
        if (CheckName(name) is { } nameProblem)
            throw new ArgumentException($"bundle name '{name}': {nameProblem}", nameof(name));
        if (CheckVersion(version) is { } versionProblem)
            throw new ArgumentException($"bundle version '{version}': {versionProblem}", nameof(version));
        return $"{name}-{version}.zip";
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+-]*$")]
    private static partial Regex VersionPattern();
}
