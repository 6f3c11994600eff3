namespace SmusServerless.Application.Pipeline;

// What each use case takes from the stack's configuration, and nothing more.

/// <summary>Which stages wait for approval, and how long an approval may take.</summary>
public sealed record PlanningOptions(IReadOnlySet<string> GatedStages, int ApprovalTimeoutSeconds);

/// <summary>Whether the pipeline may create a missing domain, and with which execution role.</summary>
public sealed record DomainCreationPolicy(bool Allowed, string? ExecutionRoleArn);

/// <summary>Which state machine a start starts, and which uploads are bundles.</summary>
public sealed record StartOptions(string? StateMachineArn, string? BundlesBucket, string BundlesPrefix);

/// <summary>Where the test builds leave their JUnit reports (in the state bucket).</summary>
public sealed record TestReportLocation(string StateBucket, string Prefix)
{
    public string Key(string pipeline, string target, string runId) => StateKeys.TestReport(Prefix, pipeline, target, runId);

    public string Uri(string pipeline, string target, string runId) => $"s3://{StateBucket}/{Key(pipeline, target, runId)}";
}
