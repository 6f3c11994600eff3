using System.Text;
using System.Text.Json;

namespace SmusServerless.Core.Approvals;

public enum ViewStatus { Open, InvalidLink, Expired, NotFound, NotAnApprover, SelfApproval, AlreadyVoted, AlreadyDecided }

/// <summary>What a GET of a link shows. <see cref="Record"/> is only set once the link is authentic.</summary>
public sealed record ApprovalView(
    ViewStatus Status,
    ApprovalRecord? Record = null,
    ApprovalLinkClaims? Claims = null,
    string? FormNonce = null,
    ApprovalTally? Tally = null);

/// <summary>A POSTed vote: the link's credentials, the page's form nonce, the decision and where it came from.</summary>
public sealed record VoteSubmission(
    ApprovalLinkCredentials Credentials,
    string? FormNonce,
    ApprovalDecision Decision,
    string? Comment,
    string SourceIp,
    string UserAgent)
{
    public override string ToString() => $"VoteSubmission {{ ApprovalId = {Credentials.ApprovalId}, Decision = {Decision} }}";
}

public enum VoteOutcomeStatus
{
    /// <summary>Counted; the approval is still pending.</summary>
    Recorded,
    /// <summary>Counted, and it completed the quorum: Step Functions was sent SendTaskSuccess.</summary>
    Approved,
    /// <summary>Counted, and it rejected the approval: Step Functions was sent SendTaskFailure.</summary>
    Rejected,
    AlreadyVoted,
    AlreadyDecided,
    Expired,
    NotAnApprover,
    SelfApproval,
    InvalidLink,
    InvalidFormNonce,
    NotFound,
    /// <summary>The decision is recorded but Step Functions could not be told; submitting again retries.</summary>
    CallbackFailed,
}

public sealed record VoteOutcome(VoteOutcomeStatus Status, ApprovalRecord? Record = null, ApprovalVote? Vote = null);

/// <summary>
/// Reads and votes on approvals through signed links. GET (<see cref="ViewAsync"/>) never changes anything;
/// POST (<see cref="SubmitAsync"/>) re-verifies everything, appends the vote conditionally, and the one caller
/// that wins the compare-and-set to a decision sends the Step Functions callback.
/// </summary>
public sealed class ApprovalVoting(
    IApprovalStore store,
    ApprovalLinkSigner signer,
    ITaskTokenVault vault,
    ITaskCallback callback,
    IAuditLog audit,
    IApprovalNotifier notifier,
    IApprovalLog log,
    TimeProvider time,
    IReadOnlyCollection<string> currentApprovers)
{
    public const int MaxCommentLength = 1000;

    /// <summary>
    /// How long after a decision another submit may retry an undelivered callback. The deciding request is
    /// normally still delivering within this window (the endpoint's own timeout must be shorter), and retrying
    /// inside it would send the callback twice.
    /// </summary>
    public static readonly TimeSpan RedeliveryGrace = TimeSpan.FromMinutes(1);

    public async Task<ApprovalView> ViewAsync(ApprovalLinkCredentials credentials, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var link = await signer.VerifyAsync(credentials, now, cancellationToken).ConfigureAwait(false);
        if (link.Claims is null)
            return new ApprovalView(ViewStatus.InvalidLink);
        var record = await store.GetAsync(link.Claims.ApprovalId, cancellationToken).ConfigureAwait(false);
        if (record is null)
            return new ApprovalView(ViewStatus.NotFound, Claims: link.Claims);
        var tally = ApprovalDecider.Tally(record.Request, record.Votes);
        var status = ApprovalDecider.CheckEligibility(record, link.Claims.Approver, currentApprovers, now) switch
        {
            VoteEligibility.AlreadyDecided => ViewStatus.AlreadyDecided,
            VoteEligibility.NotAnApprover => ViewStatus.NotAnApprover,
            VoteEligibility.SelfApproval => ViewStatus.SelfApproval,
            VoteEligibility.AlreadyVoted => ViewStatus.AlreadyVoted,
            _ when link.Check == LinkCheck.Expired => ViewStatus.Expired,
            VoteEligibility.Expired => ViewStatus.Expired,
            _ => ViewStatus.Open,
        };
        var nonce = status == ViewStatus.Open ? await signer.CreateFormNonceAsync(link.Claims, cancellationToken).ConfigureAwait(false) : null;
        return new ApprovalView(status, record, link.Claims, nonce, tally);
    }

    public async Task<VoteOutcome> SubmitAsync(VoteSubmission submission, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var link = await signer.VerifyAsync(submission.Credentials, now, cancellationToken).ConfigureAwait(false);
        if (link.Claims is null)
        {
            log.Write(new ApprovalLogEntry(ApprovalLogLevel.Warning, "approval.vote.refused", SafeId(submission.Credentials.ApprovalId), Reason: link.Check.ToString()));
            return new VoteOutcome(VoteOutcomeStatus.InvalidLink);
        }
        var claims = link.Claims;
        if (!await signer.VerifyFormNonceAsync(claims, submission.FormNonce, cancellationToken).ConfigureAwait(false))
        {
            log.Write(new ApprovalLogEntry(ApprovalLogLevel.Warning, "approval.vote.refused", claims.ApprovalId, claims.Approver, "InvalidFormNonce"));
            return new VoteOutcome(VoteOutcomeStatus.InvalidFormNonce);
        }

        var record = await store.GetAsync(claims.ApprovalId, cancellationToken).ConfigureAwait(false);
        if (record is null)
            return new VoteOutcome(VoteOutcomeStatus.NotFound);

        var eligibility = link.Check == LinkCheck.Expired && record.Status == ApprovalStatus.Pending
            ? VoteEligibility.Expired
            : ApprovalDecider.CheckEligibility(record, claims.Approver, currentApprovers, now);
        if (eligibility == VoteEligibility.AlreadyDecided && record.Resolution is { CallbackDelivered: false } resolution
            && resolution.Outcome != ApprovalStatus.Expired && now - resolution.At >= RedeliveryGrace
            && record.Request.Approvers.Contains(claims.Approver, ApproverIdentity.Comparer))
        {
            // An earlier callback failed after the decision was stored: any approver's submit retries it.
            var redelivered = await DeliverAsync(record, resolution, cancellationToken).ConfigureAwait(false);
            return new VoteOutcome(redelivered ? StatusOf(resolution.Outcome) : VoteOutcomeStatus.CallbackFailed, record);
        }
        if (eligibility != VoteEligibility.Eligible)
            return await RefuseAsync(record, claims, submission, eligibility, now, cancellationToken).ConfigureAwait(false);

        var comment = NormaliseComment(submission.Comment);
        var vote = new ApprovalVote(claims.Approver, submission.Decision, comment, now, submission.SourceIp, submission.UserAgent);
        var appended = await store.AppendVoteAsync(claims.ApprovalId, vote, cancellationToken).ConfigureAwait(false);
        switch (appended.Status)
        {
            case VoteAppendStatus.NotFound:
                return new VoteOutcome(VoteOutcomeStatus.NotFound);
            case VoteAppendStatus.AlreadyVoted:
                return await RefuseAsync(appended.Record ?? record, claims, submission, VoteEligibility.AlreadyVoted, now, cancellationToken).ConfigureAwait(false);
            case VoteAppendStatus.NotPending:
                return await RefuseAsync(appended.Record ?? record, claims, submission, VoteEligibility.AlreadyDecided, now, cancellationToken).ConfigureAwait(false);
        }

        record = appended.Record!;
        await audit.AppendAsync(new AuditEntry(record.ApprovalId, AuditAction.Voted, now, vote.Approver, vote.Decision, vote.Comment, vote.SourceIp, vote.UserAgent), cancellationToken).ConfigureAwait(false);
        log.Write(new ApprovalLogEntry(ApprovalLogLevel.Information, "approval.vote.recorded", record.ApprovalId, vote.Approver, vote.Decision.ToString()));

        var tally = ApprovalDecider.Tally(record.Request, record.Votes);
        if (tally.Outcome == ApprovalStatus.Pending)
            return new VoteOutcome(VoteOutcomeStatus.Recorded, record, vote);

        var decided = new ApprovalResolution(tally.Outcome, now, tally.Cause(record.Request));
        if (!await store.TryResolveAsync(record.ApprovalId, decided, cancellationToken).ConfigureAwait(false))
        {
            // Another request decided first (a concurrent vote, or the timeout): that one owns the callback.
            var current = await store.GetAsync(record.ApprovalId, cancellationToken).ConfigureAwait(false) ?? record;
            return new VoteOutcome(VoteOutcomeStatus.Recorded, current, vote);
        }
        record = record with { Resolution = decided };
        await audit.AppendAsync(new AuditEntry(record.ApprovalId, tally.Outcome == ApprovalStatus.Approved ? AuditAction.Approved : AuditAction.Rejected,
            now, vote.Approver, vote.Decision, vote.Comment, vote.SourceIp, vote.UserAgent, decided.Cause), cancellationToken).ConfigureAwait(false);
        log.Write(new ApprovalLogEntry(ApprovalLogLevel.Information, "approval.decided", record.ApprovalId, vote.Approver, tally.Outcome.ToString()));
        await notifier.ApprovalDecidedAsync(new ApprovalDecidedEvent(record.ApprovalId, record.Request.Pipeline, record.Request.BundleVersion,
            record.Request.Target, tally.Outcome, tally.Approvals, tally.Rejection?.Approver, tally.Rejection?.Comment, decided.Cause, now), cancellationToken).ConfigureAwait(false);

        var delivered = await DeliverAsync(record, decided, cancellationToken).ConfigureAwait(false);
        return new VoteOutcome(delivered ? StatusOf(tally.Outcome) : VoteOutcomeStatus.CallbackFailed, record, vote);
    }

    /// <summary>The SendTaskSuccess output: what the pipeline's next state sees.</summary>
    public static string SuccessOutput(ApprovalRecord record, ApprovalResolution resolution)
    {
        var tally = ApprovalDecider.Tally(record.Request, record.Votes);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("approvalId", record.ApprovalId);
            json.WriteString("outcome", resolution.Outcome.ToString());
            json.WriteStartArray("approvedBy");
            foreach (var approver in tally.Approvals)
                json.WriteStringValue(approver);
            json.WriteEndArray();
            json.WriteNumber("quorum", record.Request.Quorum);
            json.WriteString("decidedAt", resolution.At);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private async Task<bool> DeliverAsync(ApprovalRecord record, ApprovalResolution resolution, CancellationToken cancellationToken)
    {
        try
        {
            var token = await vault.DecryptAsync(record.ApprovalId, record.EncryptedTaskToken, cancellationToken).ConfigureAwait(false);
            if (resolution.Outcome == ApprovalStatus.Approved)
                await callback.SendTaskSuccessAsync(token, SuccessOutput(record, resolution), cancellationToken).ConfigureAwait(false);
            else
                await callback.SendTaskFailureAsync(token, ApprovalErrorNames.Rejected, resolution.Cause, cancellationToken).ConfigureAwait(false);
            await store.MarkCallbackDeliveredAsync(record.ApprovalId, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the exception type: messages of service errors may quote request fields.
            log.Write(new ApprovalLogEntry(ApprovalLogLevel.Error, "approval.callback.failed", record.ApprovalId, Reason: ex.GetType().Name));
            return false;
        }
    }

    private async Task<VoteOutcome> RefuseAsync(ApprovalRecord record, ApprovalLinkClaims claims, VoteSubmission submission,
        VoteEligibility reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(new AuditEntry(record.ApprovalId, AuditAction.VoteRefused, now, claims.Approver, submission.Decision,
            NormaliseComment(submission.Comment), submission.SourceIp, submission.UserAgent, reason.ToString()), cancellationToken).ConfigureAwait(false);
        log.Write(new ApprovalLogEntry(ApprovalLogLevel.Warning, "approval.vote.refused", record.ApprovalId, claims.Approver, reason.ToString()));
        var ownVote = record.VoteOf(claims.Approver);
        var status = reason switch
        {
            // A repeat submit by someone whose vote counted is idempotent, even when that vote decided.
            VoteEligibility.AlreadyDecided when ownVote is not null => VoteOutcomeStatus.AlreadyVoted,
            VoteEligibility.AlreadyDecided => VoteOutcomeStatus.AlreadyDecided,
            VoteEligibility.NotAnApprover => VoteOutcomeStatus.NotAnApprover,
            VoteEligibility.SelfApproval => VoteOutcomeStatus.SelfApproval,
            VoteEligibility.Expired => VoteOutcomeStatus.Expired,
            VoteEligibility.AlreadyVoted => VoteOutcomeStatus.AlreadyVoted,
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a refusal"),
        };
        return new VoteOutcome(status, record, ownVote);
    }

    private static VoteOutcomeStatus StatusOf(ApprovalStatus outcome) =>
        outcome == ApprovalStatus.Approved ? VoteOutcomeStatus.Approved : VoteOutcomeStatus.Rejected;

    private static string? NormaliseComment(string? comment)
    {
        var trimmed = comment?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return null;
        return trimmed.Length > MaxCommentLength ? trimmed[..MaxCommentLength] : trimmed;
    }

    private static string? SafeId(string approvalId) => ApprovalIdentifier.IsValid(approvalId) ? approvalId : null;
}
