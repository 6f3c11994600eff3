namespace SmusServerless.Core.Approvals;

public enum ApprovalStatus { Pending, Approved, Rejected, Expired, Cancelled }

public enum ApprovalDecision { Approve, Reject }

/// <summary>One approver's vote, with where it came from (for the audit trail).</summary>
public sealed record ApprovalVote(
    string Approver,
    ApprovalDecision Decision,
    string? Comment,
    DateTimeOffset At,
    string SourceIp,
    string UserAgent);

/// <summary>How a pending approval ended. <see cref="CallbackDelivered"/> turns true once Step Functions was told.</summary>
public sealed record ApprovalResolution(
    ApprovalStatus Outcome,
    DateTimeOffset At,
    string Cause,
    bool CallbackDelivered = false);

/// <summary>
/// The server-side state of one approval. The task token is only held encrypted
/// (<see cref="EncryptedTaskToken"/>, opened by <see cref="ITaskTokenVault"/>) and never leaves the server.
/// </summary>
public sealed record ApprovalRecord(
    ApprovalRequest Request,
    byte[] EncryptedTaskToken,
    IReadOnlyList<ApprovalVote> Votes,
    ApprovalResolution? Resolution)
{
    public string ApprovalId => Request.ApprovalId;

    public ApprovalStatus Status => Resolution?.Outcome ?? ApprovalStatus.Pending;

    public ApprovalVote? VoteOf(string approver) =>
        Votes.FirstOrDefault(v => ApproverIdentity.Same(v.Approver, approver));

    public static ApprovalRecord Open(ApprovalRequest request, byte[] encryptedTaskToken) =>
        new(request, encryptedTaskToken, [], null);

    /// <summary>Never print the ciphertext: it is useless without the key, but it has no place in logs either.</summary>
    public override string ToString() =>
        $"ApprovalRecord {{ ApprovalId = {ApprovalId}, Status = {Status}, Votes = {Votes.Count} }}";
}
