namespace SmusServerless.Core.Pipeline;

/// <summary>The bundle a run deploys: one immutable object version in the bundles bucket.</summary>
public sealed record BundleReference(string Bucket, string Key, string? VersionId)
{
    public override string ToString() => VersionId is null ? $"s3://{Bucket}/{Key}" : $"s3://{Bucket}/{Key}?versionId={VersionId}";
}

/// <summary>
/// What every step of a run needs to know about the run itself. It travels through the state machine, so it stays
/// small: names and identifiers, never file lists.
/// </summary>
public sealed record RunContext(
    string RunId,
    string PipelineName,
    BundleReference Bundle,
    string BundleName,
    string BundleVersion,
    string? SourceCommit,
    string? SourceAuthor,
    string? RequestedBy,
    int ApprovalTimeoutSeconds,
    DateTimeOffset StartedAt);

/// <summary>The domain a target deploys into; <see cref="Id"/> is known once resolved (or created).</summary>
public sealed record TargetDomain(string Name, string Region, string? Id);

/// <summary>One deployment target of the run, in manifest order.</summary>
public sealed record PlannedTarget(
    string Name,
    string Stage,
    bool Gated,
    TargetDomain Domain,
    string ProjectName,
    string? ProjectId,
    bool CreateProject,
    int Index);

/// <summary>The output of Resolve: the run and its ordered deployment targets.</summary>
public sealed record DeploymentPlan(RunContext Run, IReadOnlyList<PlannedTarget> Targets);
