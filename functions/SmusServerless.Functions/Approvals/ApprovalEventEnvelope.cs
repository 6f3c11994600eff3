using System.Text.Json;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Functions.Approvals;

/// <summary>
/// The EventBridge shape of the gate's lifecycle events: source <c>smus.pipeline</c>, a detail-type, and the
/// event record as the JSON detail. The EventBridge adapter (AWS) and the local event stream both use it.
/// </summary>
public sealed record ApprovalEventEnvelope(string Source, string DetailType, string DetailJson)
{
    public const string PipelineSource = LifecycleEvents.Source;
    public const string ApprovalRequested = LifecycleEvents.ApprovalRequested;
    public const string ApprovalLinkIssued = LifecycleEvents.ApprovalLinkIssued;
    public const string Approved = LifecycleEvents.Approved;
    public const string Rejected = LifecycleEvents.Rejected;
    public const string ApprovalExpired = LifecycleEvents.ApprovalExpired;

    public static ApprovalEventEnvelope For(ApprovalRequestedEvent requested) =>
        new(PipelineSource, ApprovalRequested, JsonSerializer.Serialize(requested, ApprovalJsonContext.Default.ApprovalRequestedEvent));

    /// <summary>"Approval Link Issued": one approver's link, for the e-mail to that approver alone.</summary>
    public static ApprovalEventEnvelope For(ApprovalRequest request, ApprovalLink link) =>
        new(PipelineSource, ApprovalLinkIssued, JsonSerializer.Serialize(new ApprovalLinkIssuedEvent(
            request.ApprovalId, request.Pipeline, request.BundleName, request.BundleVersion, request.Target, request.Stage,
            link.Approver, link.Url, link.ExpiresAt), ApprovalJsonContext.Default.ApprovalLinkIssuedEvent));

    public static ApprovalEventEnvelope For(ApprovalDecidedEvent decided) =>
        new(PipelineSource, decided.Outcome == ApprovalStatus.Approved ? Approved : Rejected,
            JsonSerializer.Serialize(decided, ApprovalJsonContext.Default.ApprovalDecidedEvent));

    public static ApprovalEventEnvelope For(ApprovalExpiredEvent expired) =>
        new(PipelineSource, ApprovalExpired, JsonSerializer.Serialize(expired, ApprovalJsonContext.Default.ApprovalExpiredEvent));

    /// <summary>One line: <c>{"source":..,"detail-type":..,"detail":{..}}</c>.</summary>
    public string ToJsonLine()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("source", Source);
            json.WriteString("detail-type", DetailType);
            json.WritePropertyName("detail");
            json.WriteRawValue(DetailJson);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The details of "Approval Requested" and "Approval Link Issued" carry links, which are credentials: never print it.</summary>
    public override string ToString() => $"ApprovalEventEnvelope {{ Source = {Source}, DetailType = {DetailType} }}";
}
