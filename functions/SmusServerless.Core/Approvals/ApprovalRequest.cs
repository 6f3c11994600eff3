namespace SmusServerless.Core.Approvals;

/// <summary>
/// What the pipeline asks a person to approve: one bundle version going to one gated target. The one record of a
/// request from the pipeline to the store: the pipeline fills in what is approved (<see cref="Pending"/>); the gate
/// adds approvers, quorum and expiry from the stack's <see cref="ApprovalPolicy"/>, never from the bundle.
/// <see cref="ExecutionArn"/> is the Step Functions execution that waits for it (the correlation id of its log lines).
/// </summary>
public sealed record ApprovalRequest(
    string ApprovalId,
    string Pipeline,
    string BundleName,
    string BundleVersion,
    string SourceCommit,
    string Author,
    string Target,
    string Stage,
    FileChangeSummary Files,
    IReadOnlyList<TargetTestResult> PreviousTestResults,
    IReadOnlyList<string> Approvers,
    int Quorum,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    string? ExecutionArn = null)
{
    /// <summary>A request as the pipeline states it, before the gate has set its terms (no approvers yet, no times).</summary>
    public static ApprovalRequest Pending(
        string approvalId, string pipeline, string bundleName, string bundleVersion, string sourceCommit, string author,
        string target, string stage, FileChangeSummary files, IReadOnlyList<TargetTestResult> previousTestResults,
        string? executionArn = null) =>
        new(approvalId, pipeline, bundleName, bundleVersion, sourceCommit, author, target, stage, files, previousTestResults,
            [], 0, default, default, executionArn);
}

/// <summary>The deploy's file changes relative to what the target holds now (paths inside the bundle).</summary>
public sealed record FileChangeSummary(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Removed)
{
    public static FileChangeSummary Empty { get; } = new([], [], []);
}

/// <summary>The test outcome of a target deployed earlier in the same run (shown to approvers).</summary>
public sealed record TargetTestResult(string Target, string Outcome, int Passed, int Failed, string? Summary = null);
