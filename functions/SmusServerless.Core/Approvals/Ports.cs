namespace SmusServerless.Core.Approvals;

/// <summary>
/// Approval records. Writes are conditional so that concurrent requests (double submits, two approvers at once,
/// a vote racing the timeout) are each counted exactly once: S3 conditional writes on AWS (a create-only put, and
/// read-modify-write that replaces only the ETag it read), a cross-process file lock offline.
/// </summary>
public interface IApprovalStore
{
    /// <summary>Stores a new record; false (and no change) when one with that id exists.</summary>
    Task<bool> TryCreateAsync(ApprovalRecord record, CancellationToken cancellationToken);

    Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken);

    /// <summary>Appends the vote only if the approval is pending and this approver has not voted.</summary>
    Task<VoteAppendResult> AppendVoteAsync(string approvalId, ApprovalVote vote, CancellationToken cancellationToken);

    /// <summary>Compare-and-set from Pending to the resolution's outcome; false when it was no longer pending.</summary>
    Task<bool> TryResolveAsync(string approvalId, ApprovalResolution resolution, CancellationToken cancellationToken);

    /// <summary>Records that Step Functions accepted the callback for the resolution.</summary>
    Task MarkCallbackDeliveredAsync(string approvalId, CancellationToken cancellationToken);
}

public enum VoteAppendStatus { Appended, AlreadyVoted, NotPending, NotFound }

/// <summary>The outcome of a conditional vote append, with the record as it stands after it.</summary>
public sealed record VoteAppendResult(VoteAppendStatus Status, ApprovalRecord? Record);

/// <summary>
/// Encrypts the Step Functions task token for storage (KMS on AWS, AES-GCM with a local key offline),
/// bound to the approval id so a ciphertext cannot be moved to another record.
/// </summary>
public interface ITaskTokenVault
{
    Task<byte[]> EncryptAsync(string approvalId, string taskToken, CancellationToken cancellationToken);

    Task<string> DecryptAsync(string approvalId, byte[] encryptedTaskToken, CancellationToken cancellationToken);
}

/// <summary>The two Step Functions callbacks the gate makes (SendTaskSuccess / SendTaskFailure).</summary>
public interface ITaskCallback
{
    Task SendTaskSuccessAsync(string taskToken, string outputJson, CancellationToken cancellationToken);

    Task SendTaskFailureAsync(string taskToken, string error, string cause, CancellationToken cancellationToken);
}

/// <summary>The append-only audit trail (one create-only object per entry in an Object Lock bucket on AWS, a JSON-lines file offline).</summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);
}

/// <summary>
/// Lifecycle events of the gate (EventBridge on AWS, plus one "Approval Link Issued" event per approver that a rule
/// mails through SNS; the local event stream offline).
/// </summary>
public interface IApprovalNotifier
{
    /// <summary>"Approval Requested", carrying one signed link per approver.</summary>
    Task ApprovalRequestedAsync(ApprovalRequestedEvent requested, CancellationToken cancellationToken);

    /// <summary>"Approved" or "Rejected".</summary>
    Task ApprovalDecidedAsync(ApprovalDecidedEvent decided, CancellationToken cancellationToken);

    /// <summary>"Approval Expired".</summary>
    Task ApprovalExpiredAsync(ApprovalExpiredEvent expired, CancellationToken cancellationToken);
}

/// <summary>
/// Operational log lines of the gate. Entries are typed with fixed fields (no free-form payloads), so a task
/// token, signature or key has no place to go; the adapter maps them onto the structured logger.
/// </summary>
public interface IApprovalLog
{
    void Write(ApprovalLogEntry entry);
}

public enum ApprovalLogLevel { Information, Warning, Error }

/// <summary>One log line: <see cref="Event"/> is a fixed name (e.g. "approval.vote.refused"), <see cref="Reason"/> an enum-like word.</summary>
public sealed record ApprovalLogEntry(
    ApprovalLogLevel Level,
    string Event,
    string? ApprovalId = null,
    string? Approver = null,
    string? Reason = null);
