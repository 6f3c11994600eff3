using System.Text.Json.Serialization;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Functions.Approvals;

/// <summary>
/// Input of the approval request task (<c>arn:aws:states:::lambda:invoke.waitForTaskToken</c>). The ASL passes
/// <c>"taskToken.$": "$$.Task.Token"</c> plus the pending approval's details. Approvers, quorum and timeout are
/// deliberately absent: they come from the stack (<see cref="ApprovalGateOptions"/>), never from the bundle.
/// </summary>
public sealed record ApprovalRequestInput
{
    [JsonPropertyName("approvalId")] public string? ApprovalId { get; init; }
    [JsonPropertyName("taskToken")] public string? TaskToken { get; init; }
    [JsonPropertyName("pipeline")] public string? Pipeline { get; init; }
    [JsonPropertyName("bundleName")] public string? BundleName { get; init; }
    [JsonPropertyName("bundleVersion")] public string? BundleVersion { get; init; }
    [JsonPropertyName("sourceCommit")] public string? SourceCommit { get; init; }
    [JsonPropertyName("author")] public string? Author { get; init; }
    [JsonPropertyName("target")] public string? Target { get; init; }
    [JsonPropertyName("stage")] public string? Stage { get; init; }
    [JsonPropertyName("files")] public FileChangesInput? Files { get; init; }
    [JsonPropertyName("previousTestResults")] public IReadOnlyList<TestResultInput>? PreviousTestResults { get; init; }

    /// <summary>The execution that waits for the approval: kept on the record, so the endpoint's log lines join the run's.</summary>
    [JsonPropertyName("executionArn")] public string? ExecutionArn { get; init; }

    /// <summary>Never print the task token.</summary>
    public override string ToString() => $"ApprovalRequestInput {{ ApprovalId = {ApprovalId}, Target = {Target}, TaskToken = [redacted] }}";
}

public sealed record FileChangesInput
{
    [JsonPropertyName("added")] public IReadOnlyList<string>? Added { get; init; }
    [JsonPropertyName("changed")] public IReadOnlyList<string>? Changed { get; init; }
    [JsonPropertyName("removed")] public IReadOnlyList<string>? Removed { get; init; }
}

public sealed record TestResultInput
{
    [JsonPropertyName("target")] public string? Target { get; init; }
    [JsonPropertyName("outcome")] public string? Outcome { get; init; }
    [JsonPropertyName("passed")] public int Passed { get; init; }
    [JsonPropertyName("failed")] public int Failed { get; init; }
    [JsonPropertyName("summary")] public string? Summary { get; init; }
}

/// <summary>
/// What the request task returns to Lambda. A waitForTaskToken state ignores it; it carries no links, because the
/// result would be written to the execution history and the links are credentials.
/// </summary>
public sealed record ApprovalRequestOutput(
    [property: JsonPropertyName("approvalId")] string ApprovalId,
    [property: JsonPropertyName("expiresAt")] DateTimeOffset ExpiresAt,
    [property: JsonPropertyName("approvers")] IReadOnlyList<string> Approvers,
    [property: JsonPropertyName("quorum")] int Quorum);

/// <summary>Input of the timeout path's task: which approval timed out.</summary>
public sealed record ApprovalExpiryInput
{
    [JsonPropertyName("approvalId")] public string? ApprovalId { get; init; }
}

/// <summary>
/// Result of the timeout path's task; <see cref="Error"/> is <c>Approval.Expired</c>, for the Fail state that follows
/// (or the decision that already happened, when the timeout lost a race with the last vote).
/// </summary>
public sealed record ApprovalExpiryOutput(
    [property: JsonPropertyName("approvalId")] string ApprovalId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error")] string Error);

/// <summary>
/// "Approval Link Issued": one approver's signed link and what it is for. template.yaml's ApprovalLinkNotificationRule
/// copies <c>approver</c>, <c>pipeline</c>, <c>target</c>, <c>stage</c>, <c>bundleVersion</c>, <c>expiresAt</c> and
/// <c>link</c> into a message on the approval-links topic, where only that approver's subscription receives it.
/// </summary>
public sealed record ApprovalLinkIssuedEvent(
    [property: JsonPropertyName("approvalId")] string ApprovalId,
    [property: JsonPropertyName("pipeline")] string Pipeline,
    [property: JsonPropertyName("bundleName")] string BundleName,
    [property: JsonPropertyName("bundleVersion")] string BundleVersion,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("approver")] string Approver,
    [property: JsonPropertyName("link")] string Link,
    [property: JsonPropertyName("expiresAt")] DateTimeOffset ExpiresAt)
{
    /// <summary>Never print the link: its signature is the approver's credential.</summary>
    public override string ToString() => $"ApprovalLinkIssuedEvent {{ ApprovalId = {ApprovalId}, Approver = {Approver}, Link = [redacted] }}";
}

/// <summary>Source-generated JSON (Native AOT) for everything the approval handlers read and write.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FunctionUrlRequest))]
[JsonSerializable(typeof(FunctionUrlResponse))]
[JsonSerializable(typeof(ApprovalRequestInput))]
[JsonSerializable(typeof(ApprovalRequestOutput))]
[JsonSerializable(typeof(ApprovalExpiryInput))]
[JsonSerializable(typeof(ApprovalExpiryOutput))]
[JsonSerializable(typeof(ApprovalRequestedEvent))]
[JsonSerializable(typeof(ApprovalLinkIssuedEvent))]
[JsonSerializable(typeof(ApprovalDecidedEvent))]
[JsonSerializable(typeof(ApprovalExpiredEvent))]
[JsonSerializable(typeof(AuditEntry))]
public sealed partial class ApprovalJsonContext : JsonSerializerContext;
