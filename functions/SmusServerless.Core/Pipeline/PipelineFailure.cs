namespace SmusServerless.Core.Pipeline;

/// <summary>
/// A failure with a name a person can act on. The Lambda runtime reports <see cref="Error"/> as the error type, so
/// the state machine's Catch/Retry and the final execution status carry it.
/// </summary>
public sealed class PipelineFailure(string error, string cause, Exception? inner = null) : Exception(cause, inner)
{
    public string Error { get; } = error;

    public string Cause => Message;
}

/// <summary>The named errors a run can end with. Each says what failed; the cause says what to do.</summary>
public static class PipelineErrors
{
    public const string ManifestInvalid = "Manifest.Invalid";
    /// <summary>A valid manifest asks for something this pipeline does not build yet (<c>PipelineFormatOverlap.Unmapped</c>): refused at Resolve, before anything changes.</summary>
    public const string ManifestUnsupported = "Manifest.Unsupported";
    public const string BundleRefused = "Bundle.Refused";
    public const string BundleNotFound = "Bundle.NotFound";
    public const string TargetUnknown = "Target.Unknown";
    public const string DomainNotFound = "Domain.NotFound";
    public const string DomainAmbiguous = "Domain.Ambiguous";
    public const string DomainCreationFailed = "Domain.CreationFailed";
    public const string ProjectNotFound = "Project.NotFound";
    public const string ProjectAmbiguous = "Project.Ambiguous";
    public const string ProjectFailed = "Project.Failed";
    public const string ProfileNotFound = "Profile.NotFound";
    /// <summary>The manifest asks for a project privilege (role, policies, owners, an IAM role member) the stack does not allow.</summary>
    public const string PrivilegeNotAllowed = "Project.PrivilegeNotAllowed";
    public const string EnvironmentFailed = "Environment.Failed";
    public const string ProvisionTimeout = "Provision.Timeout";
    public const string ConnectionNotFound = "Connection.NotFound";
    /// <summary>A workflow file's deploy-time placeholder cannot be filled (unknown, or naming what the target lacks).</summary>
    public const string WorkflowPlaceholder = "Workflow.Placeholder";
    public const string AssetNotFound = "Asset.NotFound";
    public const string SubscriptionRejected = "Subscription.Rejected";
    public const string SubscriptionTimeout = "Subscription.Timeout";
    public const string GrantFailed = "Grant.Failed";
    public const string DeployLockTimeout = "Deploy.LockTimeout";
    public const string DeployFailed = "Deploy.Failed";
    public const string VerificationFailed = "Verification.Failed";
    public const string TestsFailed = "Tests.Failed";
    public const string ApprovalRejected = "Approval.Rejected";
    public const string ApprovalExpired = "Approval.Expired";
    public const string AccessDenied = "Pipeline.AccessDenied";
    /// <summary>An AWS error that may pass on its own (throttling, 5xx) after the client's own retries: the state machine retries it.</summary>
    public const string Transient = "Pipeline.Transient";
    /// <summary>An error nobody named: a defect of ours, reported with its type so it can be found.</summary>
    public const string Unexpected = "Pipeline.Unexpected";
}
