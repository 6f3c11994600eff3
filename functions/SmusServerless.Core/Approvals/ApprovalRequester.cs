namespace SmusServerless.Core.Approvals;

/// <summary>
/// Opens an approval for the pipeline's <c>waitForTaskToken</c> task: stores the record with the task token
/// encrypted, signs one link per approver, audits the request and emits "Approval Requested".
/// </summary>
public sealed class ApprovalRequester(
    IApprovalStore store,
    ApprovalLinkSigner signer,
    ITaskTokenVault vault,
    IAuditLog audit,
    IApprovalNotifier notifier,
    IApprovalLog log,
    TimeProvider time)
{
    /// <summary>Step Functions task tokens are 1 to 2048 characters (SendTaskSuccess.taskToken).</summary>
    public const int MaxTaskTokenLength = 2048;

    /// <summary>
    /// Idempotent per approval id: a repeated request for a pending approval with the same task token sends the
    /// same links again (at-least-once notification) and changes nothing else; the same id with a different
    /// token is refused, because the stored token would otherwise be stale.
    /// </summary>
    public async Task<ApprovalRequestedEvent> RequestAsync(
        PendingApproval pending, string taskToken, ApprovalPolicy policy, Uri baseUrl, CancellationToken cancellationToken)
    {
        Validate(pending, taskToken);
        if (ApprovalDecider.EligibleApproverCount(policy.Approvers, pending.Author) < policy.Quorum)
            throw new ApprovalException(ApprovalErrorNames.QuorumUnreachable,
                $"approval {pending.ApprovalId}: the quorum is {policy.Quorum} but only "
                + $"{ApprovalDecider.EligibleApproverCount(policy.Approvers, pending.Author)} configured approver(s) are not the bundle's author");

        var now = time.GetUtcNow();
        // Whole seconds, because links carry the expiry as Unix seconds.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((now + policy.Timeout).ToUnixTimeSeconds());
        var request = new ApprovalRequest(
            pending.ApprovalId, pending.Pipeline, pending.BundleName, pending.BundleVersion, pending.SourceCommit,
            pending.Author, pending.Target, pending.Stage, pending.Files, pending.PreviousTestResults,
            policy.Approvers, policy.Quorum, now, expiresAt, pending.ExecutionArn);

        var encrypted = await vault.EncryptAsync(request.ApprovalId, taskToken, cancellationToken).ConfigureAwait(false);
        if (!await store.TryCreateAsync(ApprovalRecord.Open(request, encrypted), cancellationToken).ConfigureAwait(false))
        {
            var existing = await store.GetAsync(request.ApprovalId, cancellationToken).ConfigureAwait(false)
                           ?? throw new ApprovalException(ApprovalErrorNames.InvalidRequest, $"approval {request.ApprovalId} exists but could not be read");
            var storedToken = await vault.DecryptAsync(existing.ApprovalId, existing.EncryptedTaskToken, cancellationToken).ConfigureAwait(false);
            if (existing.Status != ApprovalStatus.Pending || !string.Equals(storedToken, taskToken, StringComparison.Ordinal))
                throw new ApprovalException(ApprovalErrorNames.InvalidRequest,
                    $"approval id {request.ApprovalId} is already used by another task ({existing.Status}); approval ids must be unique per gated task");
            log.Write(new ApprovalLogEntry(ApprovalLogLevel.Information, "approval.request.repeated", request.ApprovalId));
            request = existing.Request;
        }
        else
        {
            await audit.AppendAsync(new AuditEntry(request.ApprovalId, AuditAction.Requested, now,
                Detail: $"{request.Pipeline} {request.BundleName} {request.BundleVersion} -> {request.Target} ({request.Stage}); quorum {request.Quorum} of {request.Approvers.Count}"),
                cancellationToken).ConfigureAwait(false);
            log.Write(new ApprovalLogEntry(ApprovalLogLevel.Information, "approval.requested", request.ApprovalId));
        }

        var links = new List<ApprovalLink>(request.Approvers.Count);
        foreach (var approver in request.Approvers)
            links.Add(await signer.CreateLinkAsync(baseUrl, new ApprovalLinkClaims(request.ApprovalId, approver, request.ExpiresAt), cancellationToken).ConfigureAwait(false));

        var requested = new ApprovalRequestedEvent(request, links);
        await notifier.ApprovalRequestedAsync(requested, cancellationToken).ConfigureAwait(false);
        return requested;
    }

    private static void Validate(PendingApproval pending, string taskToken)
    {
        if (string.IsNullOrEmpty(taskToken))
            throw new ApprovalException(ApprovalErrorNames.InvalidRequest, "taskToken is missing: the task's Payload must pass \"taskToken.$\": \"$$.Task.Token\"");
        if (taskToken.Length > MaxTaskTokenLength)
            throw new ApprovalException(ApprovalErrorNames.InvalidRequest, $"taskToken is longer than {MaxTaskTokenLength} characters");
        if (!ApprovalIdentifier.IsValid(pending.ApprovalId))
            throw new ApprovalException(ApprovalErrorNames.InvalidRequest,
                $"approvalId must be 1-{ApprovalIdentifier.MaxLength} characters of A-Z a-z 0-9 . _ - starting with a letter or digit");
        Require(pending.Pipeline, "pipeline");
        Require(pending.BundleName, "bundleName");
        Require(pending.BundleVersion, "bundleVersion");
        Require(pending.Author, "author");
        Require(pending.Target, "target");
        Require(pending.Stage, "stage");
    }

    private static void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ApprovalException(ApprovalErrorNames.InvalidRequest, $"{field} is missing or empty");
    }
}
