namespace SmusServerless.Core.Approvals;

public enum ExpiryOutcome { Expired, AlreadyDecided, NotFound }

/// <summary>
/// The timeout path: after the wait task's TimeoutSeconds (States.Timeout), the pipeline marks the approval
/// expired here, so late clicks get the "expired" page, and then fails the run with <see cref="ApprovalErrorNames.Expired"/>.
/// </summary>
public sealed class ApprovalExpiry(IApprovalStore store, IAuditLog audit, IApprovalNotifier notifier, IApprovalLog log, TimeProvider time)
{
    public async Task<ExpiryOutcome> ExpireAsync(string approvalId, CancellationToken cancellationToken)
    {
        if (!ApprovalIdentifier.IsValid(approvalId))
            throw new ApprovalException(ApprovalErrorNames.InvalidRequest, "approvalId is missing or not a valid approval id");
        var record = await store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
        if (record is null)
            return ExpiryOutcome.NotFound;
        var now = time.GetUtcNow();
        var tally = ApprovalDecider.Tally(record.Request, record.Votes);
        var cause = $"Expired with {tally.Approvals.Count} of {record.Request.Quorum} approvals";
        // The task has timed out, so there is no callback to deliver: the execution already moved on.
        var resolution = new ApprovalResolution(ApprovalStatus.Expired, now, cause, CallbackDelivered: true);
        if (!await store.TryResolveAsync(approvalId, resolution, cancellationToken).ConfigureAwait(false))
            return ExpiryOutcome.AlreadyDecided;

        await audit.AppendAsync(new AuditEntry(approvalId, AuditAction.Expired, now, Detail: cause), cancellationToken).ConfigureAwait(false);
        log.Write(new ApprovalLogEntry(ApprovalLogLevel.Information, "approval.expired", approvalId));
        await notifier.ApprovalExpiredAsync(new ApprovalExpiredEvent(approvalId, record.Request.Pipeline, record.Request.BundleVersion,
            record.Request.Target, tally.Approvals, record.Request.Quorum, now), cancellationToken).ConfigureAwait(false);
        return ExpiryOutcome.Expired;
    }
}
