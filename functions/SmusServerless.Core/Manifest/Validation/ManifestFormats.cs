namespace SmusServerless.Core.Manifest.Validation;

/// <summary>
/// Tells the two manifest formats apart by their top-level keys, and says what a key of one format is called in the
/// other, so an unknown key's message names the format the file is in and what to write instead.
/// </summary>
internal static class ManifestFormats
{
    private static readonly string[] PipelineMarkers = ["pipelineName", "bundleName", "targets", "bundle"];
    private static readonly string[] ApplicationMarkers = ["applicationName", "stages", "content"];

    /// <summary>
    /// <c>applicationName</c> decides for the application format; else a key only the pipeline format has decides for
    /// it; else the current (application) format is assumed.
    /// </summary>
    public static ManifestFormat Detect(IEnumerable<string> topLevelKeys)
    {
        var keys = topLevelKeys.ToHashSet(StringComparer.Ordinal);
        if (keys.Contains("applicationName")) return ManifestFormat.Application;
        if (PipelineMarkers.Any(keys.Contains)) return ManifestFormat.Pipeline;
        return ManifestFormat.Application;
    }

    /// <summary>How messages name the format: "pipeline manifest (pipelineName/targets)".</summary>
    public static string Describe(ManifestFormat format) => format == ManifestFormat.Application
        ? "application manifest (smus-cli's applicationName/content/stages format)"
        : "pipeline manifest (the 2025 pipelineName/bundle/targets format)";

    /// <summary>
    /// What to write instead of <paramref name="key"/> in a mapping with <paramref name="knownKeys"/>, when it is that
    /// mapping's key in the other format or a misspelling smus-cli's docs use; else null.
    /// </summary>
    public static string? Instead(ManifestFormat format, string key, IReadOnlyList<string> knownKeys)
    {
        var (hint, where) = format == ManifestFormat.Application
            ? key switch
            {
                "pipelineName" or "bundleName" => ($"'{key}' is the pipeline format's; this format names the application with 'applicationName'", "applicationName"),
                "targets" => ("'targets' is the pipeline format's; this format's deployment targets are 'stages'", "stages"),
                "bundle" => ("'bundle' is the pipeline format's; this format lists what to deploy under 'content'", "content"),
                "bundlesDirectory" => ("smus-cli's schema has no 'bundlesDirectory': give the bundle command -d/--output-dir", "applicationName"),
                "bundle_target_configuration" => ("'bundle_target_configuration' is the pipeline format's; this format has 'deployment_configuration'", "deployment_configuration"),
                "initialization" => ("'initialization' is the pipeline format's; this format has 'project' (create, profileName, owners, contributors, userParameters) and 'bootstrap.actions'", "deployment_configuration"),
                "stageDirectory" or "directory" => ("write 'targetDirectory'", "targetDirectory"),
                "profile_name" => ("write 'profileName'", "profileName"),
                "user_parameters" => ("write 'userParameters'", "userParameters"),
                _ => (null, null),
            }
            : key switch
            {
                "applicationName" => ("'applicationName' is the application format's; a pipeline manifest has 'pipelineName'", "pipelineName"),
                "stages" => ("'stages' is the application format's; a pipeline manifest has 'targets'", "targets"),
                "content" => ("'content' is the application format's; a pipeline manifest has 'bundle'", "bundle"),
                "deployment_configuration" => ("'deployment_configuration' is the application format's; a pipeline manifest has 'bundle_target_configuration'", "bundle_target_configuration"),
                _ => (null, null),
            };
        return hint is not null && knownKeys.Contains(where!, StringComparer.Ordinal) ? hint : null;
    }
}
