namespace SmusServerless.Core.Approvals;

/// <summary>
/// What the pipeline asks a person to approve: one bundle version going to one gated target.
/// Approvers, quorum and expiry come from the stack's <see cref="ApprovalPolicy"/>, never from the bundle.
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
    string? ExecutionArn = null);

/// <summary>The details the pipeline supplies for an approval; the gate adds approvers, quorum and expiry.</summary>
public sealed record PendingApproval(
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
    string? ExecutionArn = null);

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
