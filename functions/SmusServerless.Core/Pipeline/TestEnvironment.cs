namespace SmusServerless.Core.Pipeline;

/// <summary>
/// The variables a bundle's tests run with. The SMUS CLI passed SMUS_DOMAIN_ID and SMUS_PROJECT_ID empty (it read
/// the wrong keys); here every value is the resolved one.
/// </summary>
public static class TestEnvironment
{
    public static IReadOnlyList<KeyValuePair<string, string>> For(
        RunContext run, PlannedTarget target, string domainId, string projectId, string testsFolder, string reportUri) =>
    [
        new("SMUS_DOMAIN_ID", domainId),
        new("SMUS_DOMAIN_NAME", target.Domain.Name),
        new("SMUS_PROJECT_ID", projectId),
        new("SMUS_PROJECT_NAME", target.ProjectName),
        new("SMUS_TARGET_NAME", target.Name),
        new("SMUS_STAGE", target.Stage),
        new("SMUS_REGION", target.Domain.Region),
        new("SMUS_PIPELINE_NAME", run.PipelineName),
        new("SMUS_BUNDLE_VERSION", run.BundleVersion),
        new("SMUS_BUNDLE_BUCKET", run.Bundle.Bucket),
        new("SMUS_BUNDLE_KEY", run.Bundle.Key),
        new("SMUS_BUNDLE_VERSION_ID", run.Bundle.VersionId ?? ""),
        new("SMUS_TESTS_FOLDER", testsFolder),
        new("SMUS_TEST_REPORT_URI", reportUri),
    ];
}
