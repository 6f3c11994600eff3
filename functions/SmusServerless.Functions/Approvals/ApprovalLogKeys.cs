using SmusServerless.Core.Approvals;
using SmusServerless.Runtime.Logging;

namespace SmusServerless.Functions.Approvals;

/// <summary>
/// The log keys of an approval, set on the running invocation as soon as the gate holds its record: the execution
/// that waits for it becomes the <c>correlation_id</c> (so the approver's page views and votes join the run's lines),
/// and <c>approval_id</c>, <c>pipeline</c>, <c>target</c>, <c>stage</c>, <c>bundle_version</c> are appended. Names and
/// identifiers only: the record's encrypted task token and the link's signature are never read here.
/// </summary>
public static class ApprovalLogKeys
{
    public const string ApprovalId = "approval_id";

    /// <summary>Sets the keys of <paramref name="request"/> on the current invocation (none outside an invocation).</summary>
    public static void Set(ApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (LambdaLogContext.Current is not { } log)
            return;
        if (request.ExecutionArn is { Length: > 0 } executionArn && log.CorrelationId is null)
            log.SetCorrelationId(executionArn);
        log.AppendKey(ApprovalId, new LogIdentifier(request.ApprovalId));
        Append(log, Hosting.PipelineLogKeys.Pipeline, request.Pipeline);
        Append(log, Hosting.PipelineLogKeys.Target, request.Target);
        Append(log, Hosting.PipelineLogKeys.Stage, request.Stage);
        Append(log, Hosting.PipelineLogKeys.BundleVersion, request.BundleVersion);
    }

    private static void Append(LambdaLogContext log, string key, string value)
    {
        if (value.Length > 0 && !log.AppendedKeys.Any(pair => pair.Key == key))
            log.AppendKey(key, new LogIdentifier(value));
    }
}

/// <summary>The gate's store, setting <see cref="ApprovalLogKeys"/> from every record it creates or loads.</summary>
internal sealed class LogKeyedApprovalStore(IApprovalStore inner) : IApprovalStore
{
    public Task<bool> TryCreateAsync(ApprovalRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ApprovalLogKeys.Set(record.Request);
        return inner.TryCreateAsync(record, cancellationToken);
    }

    public async Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken)
    {
        var record = await inner.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
        if (record is not null)
            ApprovalLogKeys.Set(record.Request);
        return record;
    }

    public async Task<VoteAppendResult> AppendVoteAsync(string approvalId, ApprovalVote vote, CancellationToken cancellationToken)
    {
        var result = await inner.AppendVoteAsync(approvalId, vote, cancellationToken).ConfigureAwait(false);
        if (result.Record is { } record)
            ApprovalLogKeys.Set(record.Request);
        return result;
    }

    public Task<bool> TryResolveAsync(string approvalId, ApprovalResolution resolution, CancellationToken cancellationToken) =>
        inner.TryResolveAsync(approvalId, resolution, cancellationToken);

    public Task MarkCallbackDeliveredAsync(string approvalId, CancellationToken cancellationToken) =>
        inner.MarkCallbackDeliveredAsync(approvalId, cancellationToken);
}
