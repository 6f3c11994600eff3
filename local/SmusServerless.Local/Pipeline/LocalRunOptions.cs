using SmusServerless.Local.DataZone;

namespace SmusServerless.Local.Pipeline;

/// <summary>How an offline run is set up; the stack's configuration (approvers, quorum, variables) lives here, never in the bundle.</summary>
public sealed record LocalRunOptions
{
    /// <summary>Where the local stack keeps S3, DataZone, executions and approvals.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>A state machine definition file to run instead of the one the SAM template deploys (<see cref="PipelineDefinition"/>, embedded); null runs that one.</summary>
    public string? DefinitionPath { get; init; }

    public IReadOnlyList<string>? Targets { get; init; }

    /// <summary>Local approvers vote through the approval endpoint as soon as an approval is requested.</summary>
    public bool AutoApprove { get; init; }

    public IReadOnlyList<string> Approvers { get; init; } = ["approver-1@local", "approver-2@local"];

    public int Quorum { get; init; } = 2;

    public TimeSpan ApprovalTimeout { get; init; } = TimeSpan.FromDays(3);

    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>What DataZone starts with; by default, what the manifest presumes exists (<see cref="ManifestSeed"/>).</summary>
    public DataZoneSeed? Seed { get; init; }

    /// <summary>Wait states and DataZone's delays take no real time; approvals still wait for a person in real time.</summary>
    public bool VirtualClock { get; init; } = true;

    /// <summary>The clock a wait for a person runs on (the system's; tests pass a fake one).</summary>
    public TimeProvider RealTime { get; init; } = TimeProvider.System;

    /// <summary>The command tests run offline (the CodeBuild project on AWS); null finds python3 with pytest.</summary>
    public string? Python { get; init; }
}
