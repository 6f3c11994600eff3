namespace SmusServerless.Core.Approvals;

public enum CancellationOutcome { Cancelled, AlreadyDecided, NotFound }

/// <summary>
/// The stopped-run path: when the execution waiting on an approval is stopped (the run was cancelled or aborted),
/// the approval is closed as cancelled, so its links show "cancelled" instead of inviting votes nobody can deliver.
/// </summary>
public sealed class ApprovalCancellation(IApprovalStore store, IAuditLog audit, IApprovalLog log, TimeProvider time)
{
    public async Task<CancellationOutcome> CancelAsync(string approvalId, string reason, CancellationToken cancellationToken)
    {
        if (!ApprovalIdentifier.IsValid(approvalId))
            throw new ApprovalException(ApprovalErrorNames.InvalidRequest, "approvalId is missing or not a valid approval id");
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (await store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false) is null)
            return CancellationOutcome.NotFound;
        var now = time.GetUtcNow();
        // The execution is gone, so there is no callback to deliver: nothing may retry one.
        var resolution = new ApprovalResolution(ApprovalStatus.Cancelled, now, $"Cancelled: {reason}", CallbackDelivered: true);
        if (!await store.TryResolveAsync(approvalId, resolution, cancellationToken).ConfigureAwait(false))
            return CancellationOutcome.AlreadyDecided;

        await audit.AppendAsync(new AuditEntry(approvalId, AuditAction.Cancelled, now, Detail: reason), cancellationToken).ConfigureAwait(false);
        log.Write(new ApprovalLogEntry(ApprovalLogLevel.Information, "approval.cancelled", approvalId));
        return CancellationOutcome.Cancelled;
    }
}
