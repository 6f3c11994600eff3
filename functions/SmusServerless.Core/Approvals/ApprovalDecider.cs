namespace SmusServerless.Core.Approvals;

public enum VoteEligibility
{
    Eligible,
    /// <summary>The approval is no longer pending (approved, rejected or expired).</summary>
    AlreadyDecided,
    /// <summary>Not in the request's approver set, or no longer in the stack's current set.</summary>
    NotAnApprover,
    /// <summary>The approver is the bundle's author.</summary>
    SelfApproval,
    Expired,
    /// <summary>This approver has voted already; a second submit changes nothing.</summary>
    AlreadyVoted,
}

/// <summary>The state of the votes: still pending, or decided with the reason.</summary>
public sealed record ApprovalTally(ApprovalStatus Outcome, IReadOnlyList<string> Approvals, ApprovalVote? Rejection)
{
    public string Cause(ApprovalRequest request) => Outcome switch
    {
        ApprovalStatus.Approved => $"Approved by {string.Join(", ", Approvals)} ({Approvals.Count} of {request.Quorum} required)",
        ApprovalStatus.Rejected => RejectionCause(Rejection!),
        _ => $"{Approvals.Count} of {request.Quorum} approvals so far",
    };

    public static string RejectionCause(ApprovalVote rejection) =>
        string.IsNullOrWhiteSpace(rejection.Comment)
            ? $"Rejected by {rejection.Approver} (no comment)"
            : $"Rejected by {rejection.Approver}: {rejection.Comment}";
}

/// <summary>
/// The vote rules. Who may vote: an approver of the request who is still in the stack's current approver set,
/// is not the bundle's author, has not voted yet, before the expiry, while the approval is pending.
/// What decides: the first reject rejects; a quorum of distinct approvers approves; whichever comes first wins.
/// </summary>
public static class ApprovalDecider
{
    public static VoteEligibility CheckEligibility(
        ApprovalRecord record, string approver, IReadOnlyCollection<string> currentApprovers, DateTimeOffset now)
    {
        if (record.Status != ApprovalStatus.Pending)
            return VoteEligibility.AlreadyDecided;
        if (!record.Request.Approvers.Contains(approver, ApproverIdentity.Comparer)
            || !currentApprovers.Contains(approver, ApproverIdentity.Comparer))
            return VoteEligibility.NotAnApprover;
        if (ApproverIdentity.IsAuthor(approver, record.Request.Author))
            return VoteEligibility.SelfApproval;
        if (now >= record.Request.ExpiresAt)
            return VoteEligibility.Expired;
        if (record.VoteOf(approver) is not null)
            return VoteEligibility.AlreadyVoted;
        return VoteEligibility.Eligible;
    }

    /// <summary>
    /// Replays the votes in the order they were recorded. Votes that should never have been stored
    /// (author, outsiders, repeats) are ignored, so a faulty adapter cannot approve by itself.
    /// </summary>
    public static ApprovalTally Tally(ApprovalRequest request, IReadOnlyList<ApprovalVote> votes)
    {
        var approvals = new List<string>();
        var seen = new HashSet<string>(ApproverIdentity.Comparer);
        foreach (var vote in votes)
        {
            if (!request.Approvers.Contains(vote.Approver, ApproverIdentity.Comparer)
                || ApproverIdentity.IsAuthor(vote.Approver, request.Author)
                || !seen.Add(vote.Approver))
                continue;
            if (vote.Decision == ApprovalDecision.Reject)
                return new ApprovalTally(ApprovalStatus.Rejected, approvals, vote);
            approvals.Add(vote.Approver);
            if (approvals.Count >= request.Quorum)
                return new ApprovalTally(ApprovalStatus.Approved, approvals, null);
        }
        return new ApprovalTally(ApprovalStatus.Pending, approvals, null);
    }

    /// <summary>Approvers who can still make a difference: in the set and not the author.</summary>
    public static int EligibleApproverCount(IReadOnlyList<string> approvers, string author) =>
        approvers.Count(a => !ApproverIdentity.IsAuthor(a, author));
}
