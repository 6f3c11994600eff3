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

    /// <summary>When <paramref name="key"/> belongs to the other format, what this format calls it; else null.</summary>
    public static string? Equivalent(ManifestFormat format, string key) => format == ManifestFormat.Application
        ? key switch
        {
            "pipelineName" or "bundleName" => "'applicationName'",
            "targets" => "'stages'",
            "bundle" => "'content'",
            "bundle_target_configuration" => "'deployment_configuration'",
            "initialization" => "'project' (create, profileName, owners, contributors, userParameters) and 'bootstrap.actions'",
            "bundlesDirectory" => "nothing: smus-cli's bundle command takes -d/--output-dir instead",
            "directory" => "'targetDirectory'",
            "stageDirectory" => "'targetDirectory'",
            "profile_name" => "'profileName'",
            "user_parameters" => "'userParameters'",
            _ => null,
        }
        : key switch
        {
            "applicationName" => "'pipelineName'",
            "stages" => "'targets'",
            "content" => "'bundle'",
            "deployment_configuration" => "'bundle_target_configuration'",
            _ => null,
        };
}
