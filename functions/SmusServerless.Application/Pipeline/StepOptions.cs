namespace SmusServerless.Application.Pipeline;

// What each use case takes from the stack's configuration, and nothing more.

/// <summary>Which stages wait for approval, how long an approval may take, and what privileges a bundle may give its projects.</summary>
public sealed record PlanningOptions(IReadOnlySet<string> GatedStages, int ApprovalTimeoutSeconds)
{
    public ProjectPrivilegeAllowList Privileges { get; init; } = ProjectPrivilegeAllowList.None;
}

/// <summary>
/// The privileges a bundle may give its projects, as the stack allows them (a bundle must not choose its own):
/// <see cref="RoleArns"/> are the IAM roles a manifest may name — as <c>project.role.arn</c>, or as an owner or
/// contributor (an IAM role member reaches the project's data like its own role does); <see cref="PolicyArns"/> the
/// managed policies <c>project.role.policies</c> may attach; <see cref="OwnersAllowed"/> whether it may name owners
/// at all. None by default on AWS; <see cref="Anything"/> in the offline run.
/// </summary>
public sealed record ProjectPrivilegeAllowList(IReadOnlySet<string> RoleArns, IReadOnlySet<string> PolicyArns, bool OwnersAllowed)
{
    /// <summary>Everything is allowed (the offline stack, where nothing real is at stake).</summary>
    public bool Unrestricted { get; init; }

    public static ProjectPrivilegeAllowList None { get; } = new(new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal), false);

    public static ProjectPrivilegeAllowList Anything { get; } = None with { OwnersAllowed = true, Unrestricted = true };

    public bool AllowsRole(string arn) => Unrestricted || RoleArns.Contains(arn);

    public bool AllowsPolicy(string arn) => Unrestricted || PolicyArns.Contains(arn);

    public bool AllowsOwners => Unrestricted || OwnersAllowed;
}

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
