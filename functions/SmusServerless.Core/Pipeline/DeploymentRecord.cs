namespace SmusServerless.Core.Pipeline;

/// <summary>
/// One file a deployment wrote: where it came from in the bundle, where it went, and what it was. <see cref="Sha256"/>
/// and <see cref="Size"/> are the deployed bytes (what the next change set compares); <see cref="BundleSha256"/> is the
/// bundle's bytes, which differ when the deploy filled placeholders or variables in the file (null in records written
/// before it was kept).
/// </summary>
public sealed record DeployedFile(string BundlePath, string Bucket, string Key, string Sha256, long Size, string ETag, string? BundleSha256 = null)
{
    /// <summary>True when the deployed bytes are not the bundle's (the file was resolved for its target).</summary>
    public bool IsResolved => BundleSha256 is not null && BundleSha256 != Sha256;
}

/// <summary>Outcome of the manifest's tests for one target (from the JUnit report).</summary>
public sealed record TestSummary(int Passed, int Failed, int Errors, int Skipped, string? ReportKey)
{
    public bool Succeeded => Failed == 0 && Errors == 0;
}

/// <summary>
/// What the current deployment of a pipeline to a target consists of. The next deployment prunes only files listed
/// here, and a rollback is a redeploy of the bundle version it names.
/// </summary>
public sealed record DeploymentRecord(
    string PipelineName,
    string TargetName,
    string BundleName,
    string BundleVersion,
    BundleReference Bundle,
    string RunId,
    DateTimeOffset DeployedAt,
    IReadOnlyList<DeployedFile> Files,
    TestSummary? Tests = null);
