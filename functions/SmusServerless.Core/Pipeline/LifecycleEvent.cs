namespace SmusServerless.Core.Pipeline;

/// <summary>The lifecycle events a run emits on EventBridge (source <see cref="Source"/>), by detail-type.</summary>
public static class LifecycleEvents
{
    public const string Source = "smus.pipeline";

    public const string DeploymentRequested = "Deployment Requested";
    public const string DeploymentStarted = "Deployment Started";
    public const string ApprovalRequested = "Approval Requested";
    public const string ApprovalLinkIssued = "Approval Link Issued";
    public const string Approved = "Approved";
    public const string Rejected = "Rejected";
    public const string ApprovalExpired = "Approval Expired";
    public const string TargetDeployed = "Target Deployed";
    public const string TestsFailed = "Tests Failed";
    public const string DeploymentSucceeded = "Deployment Succeeded";
    public const string DeploymentFailed = "Deployment Failed";
}

/// <summary>One lifecycle event: its detail-type and its detail as a JSON object text.</summary>
public sealed record LifecycleEvent(string DetailType, string DetailJson, string? Resource = null);

/// <summary>The port through which steps announce what happened (EventBridge on AWS and offline).</summary>
public interface ILifecycleEvents
{
    Task PublishAsync(IReadOnlyList<LifecycleEvent> events, CancellationToken cancellationToken);
}
