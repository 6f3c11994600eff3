using System.Text;
using System.Text.Json;
using SmusServerless.Aws.EventBridge;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Functions.Approvals;

/// <summary>
/// The gate's events as pipeline lifecycle events (EventBridge, source <c>smus.pipeline</c>, on AWS): "Approval
/// Requested" with every approver's link (the same detail the local run prints), one "Approval Link Issued" per
/// approver carrying only that approver's link (template.yaml's ApprovalLinkNotificationRule turns each into an
/// e-mail to that approver alone, through the approval-links topic), "Approved" / "Rejected" and "Approval Expired",
/// which carry no link.
/// </summary>
public sealed class ApprovalLifecycleNotifier(ILifecycleEvents events) : IApprovalNotifier
{
    /// <summary>Room left in an EventBridge entry (256 KiB) for the detail, after source, detail-type and time.</summary>
    public const int MaxDetailBytes = EventBridgeBatchPublisher.MaxBytesPerCall - 1024;

    public Task ApprovalRequestedAsync(ApprovalRequestedEvent requested, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var published = new List<LifecycleEvent>(requested.Links.Count + 1)
        {
            new(ApprovalEventEnvelope.ApprovalRequested, RequestedDetail(requested)),
        };
        foreach (var link in requested.Links)
            published.Add(new(ApprovalEventEnvelope.ApprovalLinkIssued, ApprovalEventEnvelope.For(requested.Request, link).DetailJson));
        return events.PublishAsync(published, cancellationToken);
    }

    public Task ApprovalDecidedAsync(ApprovalDecidedEvent decided, CancellationToken cancellationToken) =>
        PublishAsync(ApprovalEventEnvelope.For(decided), cancellationToken);

    public Task ApprovalExpiredAsync(ApprovalExpiredEvent expired, CancellationToken cancellationToken) =>
        PublishAsync(ApprovalEventEnvelope.For(expired), cancellationToken);

    private Task PublishAsync(ApprovalEventEnvelope envelope, CancellationToken cancellationToken) =>
        events.PublishAsync([new LifecycleEvent(envelope.DetailType, envelope.DetailJson)], cancellationToken);

    /// <summary>
    /// The "Approval Requested" detail, with the file lists shortened (halved until it fits) when a very large deploy
    /// would exceed EventBridge's entry size; the approval page always shows the full lists from the stored record.
    /// </summary>
    private static string RequestedDetail(ApprovalRequestedEvent requested)
    {
        var detail = ApprovalEventEnvelope.For(requested).DetailJson;
        var files = requested.Request.Files;
        var keep = Math.Max(files.Added.Count, Math.Max(files.Changed.Count, files.Removed.Count));
        while (Encoding.UTF8.GetByteCount(detail) > MaxDetailBytes && keep > 0)
        {
            keep /= 2;
            var shortened = new FileChangeSummary([.. files.Added.Take(keep)], [.. files.Changed.Take(keep)], [.. files.Removed.Take(keep)]);
            detail = JsonSerializer.Serialize(requested with { Request = requested.Request with { Files = shortened } }, ApprovalJsonContext.Default.ApprovalRequestedEvent);
        }
        return detail;
    }
}
