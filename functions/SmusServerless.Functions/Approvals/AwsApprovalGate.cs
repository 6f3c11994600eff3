using Amazon;
using Amazon.KeyManagementService;
using Microsoft.Extensions.Logging;
using SmusServerless.Aws.Approvals;
using SmusServerless.Aws.EventBridge;
using SmusServerless.Aws.Http;
using SmusServerless.Aws.Kms;
using SmusServerless.Aws.S3;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Core.Approvals;
using SmusServerless.Runtime;

namespace SmusServerless.Functions.Approvals;

/// <summary>
/// Where the gate keeps its state and which keys it uses on AWS, read from the function's environment (template.yaml):
/// the state bucket (records under <c>approvals/</c>), the Object Lock audit bucket (entries under <c>approvals/</c>),
/// the event bus, the HMAC key that signs links and the key that encrypts task tokens.
/// </summary>
public sealed record AwsApprovalSettings(
    string Region,
    string StateBucket,
    string AuditBucket,
    string EventBusName,
    string LinkKeyId,
    string TaskTokenKeyId,
    ApprovalGateOptions Options)
{
    public const string RegionVariable = "AWS_REGION";
    public const string StateBucketVariable = "SMUS_STATE_BUCKET";
    public const string AuditBucketVariable = "SMUS_AUDIT_BUCKET";
    public const string EventBusVariable = "SMUS_EVENT_BUS";
    public const string LinkKeyIdVariable = "SMUS_APPROVAL_KEY_ID";
    public const string TaskTokenKeyIdVariable = "SMUS_TASK_TOKEN_KEY_ID";

    /// <summary>Reads every setting; a missing or malformed one is an <see cref="ApprovalConfigurationException"/> naming its variable.</summary>
    public static AwsApprovalSettings FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string Required(string name, string what) =>
            variable(name) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value)
                ? value.Trim()
                : throw new ApprovalConfigurationException($"{name} is not set: it names {what}");

        return new AwsApprovalSettings(
            Required(RegionVariable, "the AWS region (Lambda sets it)"),
            Required(StateBucketVariable, "the bucket that keeps approval records"),
            Required(AuditBucketVariable, "the Object Lock bucket of the audit trail"),
            variable(EventBusVariable) is { Length: > 0 } bus ? bus : "default",
            Required(LinkKeyIdVariable, "the KMS HMAC_256 key that signs approval links"),
            Required(TaskTokenKeyIdVariable, "the KMS key that encrypts task tokens"),
            ApprovalGateOptions.FromEnvironment(variable));
    }
}

/// <summary>
/// The gate's AWS composition: records and audit trail in S3 through <see cref="S3ObjectStore"/>, links signed and task
/// tokens encrypted with KMS, events on EventBridge, callbacks to Step Functions, log lines on the runtime's logger.
/// Clients are only built here; nothing is called until a request comes.
/// </summary>
public static class AwsApprovalGate
{
    public static ApprovalGate Compose(RuntimeServices runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var settings = AwsApprovalSettings.FromEnvironment(runtime.Environment.Get);
        var objects = S3ObjectStore.ForAws(settings.Region);
        var kms = new AmazonKeyManagementServiceClient(new AmazonKeyManagementServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region) });
        var clientOptions = AwsClientOptions.ForRegion(settings.Region);
        var events = new EventBridgeLifecycleEvents(new EventBridgeBatchPublisher(new EventBridgeClient(clientOptions)), settings.EventBusName, runtime.Time);
        return new ApprovalGate(new ApprovalGatePorts(
            new S3ApprovalStore(objects, settings.StateBucket),
            new KmsMacService(kms, settings.LinkKeyId),
            new KmsTaskTokenVault(kms, settings.TaskTokenKeyId),
            new StepFunctionsTaskCallback(new StepFunctionsClient(clientOptions)),
            new S3AuditLog(objects, settings.AuditBucket),
            new ApprovalLifecycleNotifier(events),
            new LoggerApprovalLog(runtime.LoggerFactory.CreateLogger("SmusServerless.Approvals")),
            runtime.Time), settings.Options);
    }
}
