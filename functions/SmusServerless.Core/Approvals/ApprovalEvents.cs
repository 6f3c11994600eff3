namespace SmusServerless.Core.Approvals;

public enum AuditAction { Requested, Voted, VoteRefused, Approved, Rejected, Expired, Cancelled }

/// <summary>One line of the audit trail: who did what to which approval, when, and from where.</summary>
public sealed record AuditEntry(
    string ApprovalId,
    AuditAction Action,
    DateTimeOffset At,
    string? Approver = null,
    ApprovalDecision? Decision = null,
    string? Comment = null,
    string? SourceIp = null,
    string? UserAgent = null,
    string? Detail = null);

/// <summary>"Approval Requested": what is to be approved, and each approver's signed link.</summary>
public sealed record ApprovalRequestedEvent(ApprovalRequest Request, IReadOnlyList<ApprovalLink> Links);

/// <summary>"Approved" / "Rejected".</summary>
public sealed record ApprovalDecidedEvent(
    string ApprovalId,
    string Pipeline,
    string BundleVersion,
    string Target,
    ApprovalStatus Outcome,
    IReadOnlyList<string> ApprovedBy,
    string? RejectedBy,
    string? Comment,
    string Cause,
    DateTimeOffset At);

/// <summary>"Approval Expired".</summary>
public sealed record ApprovalExpiredEvent(
    string ApprovalId,
    string Pipeline,
    string BundleVersion,
    string Target,
    IReadOnlyList<string> ApprovedBy,
    int Quorum,
    DateTimeOffset At);
