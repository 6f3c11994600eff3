using System.Text.Json;
using System.Text.Json.Serialization;
using SmusServerless.Core.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;

namespace SmusServerless.Application.Pipeline;

// The inputs and outputs of the state machine's tasks (statemachines/deployment-pipeline.asl.json). They travel
// through the execution, so they carry names and identifiers, never file contents. Every task input has the
// execution's ARN (executionArn = $$.Execution.Id): the runtime makes it the correlation_id of the task's log lines
// (Hosting/PipelineLogKeys), and a step may use it (resolve names the run after it).

/// <summary>What starts an execution: the bundle version and, for a "Deployment Requested" event, its wishes.</summary>
public sealed record ExecutionRequest(BundleReference Bundle, IReadOnlyList<string>? Targets, string? RequestedBy, string Trigger);

public sealed record StartResult(bool Started, string? ExecutionName, string? ExecutionArn, string? Reason);

public sealed record ResolveInput(ExecutionRequest Request, string ExecutionArn, string? StartTime);

/// <summary>The project a target deploys into, once provisioned.</summary>
public sealed record ProjectReference(string DomainId, string ProjectId, string Name, string Region);

public sealed record ProvisionInput(RunContext Run, PlannedTarget Target, int Attempt, string? ExecutionArn = null);

/// <summary>The answer of a step the state machine polls: READY, or WAIT <see cref="WaitSeconds"/> and call again.</summary>
public interface IPollingResult
{
    string Status { get; }
    int WaitSeconds { get; }
}

public sealed record ProvisionResult(string Status, int Attempt, int WaitSeconds, ProjectReference? Project) : IPollingResult;

public sealed record SubscriptionState(string ListingId, string ListingName, string? RequestId, string? SubscriptionId, string Status);

public sealed record SubscribeInput(RunContext Run, PlannedTarget Target, ProjectReference Project, int Attempt, IReadOnlyList<SubscriptionState>? Previous, string? ExecutionArn = null);

public sealed record SubscribeResult(string Status, int Attempt, int WaitSeconds, IReadOnlyList<SubscriptionState> Subscriptions) : IPollingResult;

/// <summary>What a deploy did, and where its record is.</summary>
public sealed record DeploymentSummary(string RecordKey, int Added, int Changed, int Unchanged, int Pruned, int KeptModified, long BytesWritten);

public sealed record DeployInput(RunContext Run, PlannedTarget Target, ProjectReference Project, int Attempt, string? ExecutionArn = null);

public sealed record DeployResult(string Status, int Attempt, int WaitSeconds, DeploymentSummary? Deployment) : IPollingResult;

/// <summary>One CodeBuild environment variable override (the shape startBuild takes).</summary>
public sealed record BuildVariable(
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("Value")] string Value,
    [property: JsonPropertyName("Type")] string Type = "PLAINTEXT");

public sealed record VerifyInput(RunContext Run, PlannedTarget Target, ProjectReference Project, IReadOnlyList<SubscriptionState>? Subscriptions, DeploymentSummary Deployment, string? ExecutionArn = null);

public sealed record VerificationSummary(int ObjectsChecked, int EnvironmentsChecked, int GrantsChecked);

public sealed record VerifyResult(bool TestsRequired, IReadOnlyList<BuildVariable> TestEnvironment, VerificationSummary Verification);

/// <summary>The state machine's error output of a failed task: {Error, Cause}.</summary>
public sealed record TaskFailure(
    [property: JsonPropertyName("Error")] string? Error,
    [property: JsonPropertyName("Cause")] string? Cause);

public sealed record RecordTestsInput(RunContext Run, PlannedTarget Target, DeploymentSummary Deployment, JsonElement? Build, TaskFailure? BuildFailure, string? ExecutionArn = null);

public sealed record CompleteTargetInput(string ExecutionArn, RunContext Run, PlannedTarget Target, DeploymentSummary Deployment, TestSummary? TestResults);

public sealed record TargetOutcome(string Target, string Stage, DeploymentSummary Deployment, TestSummary? Tests);

public sealed record CompleteRunInput(string ExecutionArn, RunContext Run, IReadOnlyList<TargetOutcome>? TargetResults);

public sealed record ReportFailureInput(string ExecutionArn, JsonElement State);

public sealed record FailureReport(string Error, string Cause);

// Nulls are written: the state machine's ResultSelectors read fields such as $.Payload.project even while they are null.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ExecutionRequest))]
[JsonSerializable(typeof(StartResult))]
[JsonSerializable(typeof(ResolveInput))]
[JsonSerializable(typeof(DeploymentPlan))]
[JsonSerializable(typeof(ProvisionInput))]
[JsonSerializable(typeof(ProvisionResult))]
[JsonSerializable(typeof(SubscribeInput))]
[JsonSerializable(typeof(SubscribeResult))]
[JsonSerializable(typeof(DeployInput))]
[JsonSerializable(typeof(DeployResult))]
[JsonSerializable(typeof(VerifyInput))]
[JsonSerializable(typeof(VerifyResult))]
[JsonSerializable(typeof(RecordTestsInput))]
[JsonSerializable(typeof(TestSummary))]
[JsonSerializable(typeof(CompleteTargetInput))]
[JsonSerializable(typeof(TargetOutcome))]
[JsonSerializable(typeof(TargetOutcome[]))]
[JsonSerializable(typeof(CompleteRunInput))]
[JsonSerializable(typeof(ReportFailureInput))]
[JsonSerializable(typeof(FailureReport))]
[JsonSerializable(typeof(DeploymentRecord))]
[JsonSerializable(typeof(TargetLock))]
[JsonSerializable(typeof(TaskFailure))]
[JsonSerializable(typeof(GateInput))]
[JsonSerializable(typeof(GateTimeoutInput))]
[JsonSerializable(typeof(RunContext))]
[JsonSerializable(typeof(BundleReference))]
public sealed partial class PipelineJsonContext : JsonSerializerContext;

/// <summary>The detail of a lifecycle event: what run, which bundle, which target, what happened.</summary>
public sealed record LifecycleDetail
{
    public string? Pipeline { get; init; }
    public string? RunId { get; init; }
    public string? ExecutionArn { get; init; }
    public string? BundleName { get; init; }
    public string? BundleVersion { get; init; }
    public string? Bundle { get; init; }
    public string? SourceCommit { get; init; }
    public string? SourceAuthor { get; init; }
    public string? RequestedBy { get; init; }
    public string? Target { get; init; }
    public string? Stage { get; init; }
    public IReadOnlyList<string>? Targets { get; init; }
    public DeploymentSummary? Deployment { get; init; }
    public TestSummary? Tests { get; init; }
    public string? Error { get; init; }
    public string? Cause { get; init; }

    public static LifecycleDetail For(RunContext run, string? executionArn = null) => new()
    {
        Pipeline = run.PipelineName, RunId = run.RunId, ExecutionArn = executionArn, BundleName = run.BundleName,
        BundleVersion = run.BundleVersion, Bundle = run.Bundle.ToString(), SourceCommit = run.SourceCommit,
        SourceAuthor = run.SourceAuthor, RequestedBy = run.RequestedBy,
    };

    public string ToJson() => JsonSerializer.Serialize(this, LifecycleJsonContext.Default.LifecycleDetail);
}

/// <summary>Event details leave out what they do not know.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LifecycleDetail))]
public sealed partial class LifecycleJsonContext : JsonSerializerContext;
