using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Execution;
using SmusServerless.Local.StepFunctions.Intrinsics;
using SmusServerless.Local.StepFunctions.Tasks;
using Sfn = SmusServerless.Aws.StepFunctions;

namespace SmusServerless.Local.StepFunctions;

/// <summary>How to build a <see cref="LocalStepFunctions"/>.</summary>
public sealed class LocalStepFunctionsOptions
{
    /// <summary>Where state machines, executions and the token index are kept (JSON files).</summary>
    public required string StateDirectory { get; init; }

    /// <summary><see cref="TimeProvider.System"/> for real runs; a <see cref="VirtualTimeProvider"/> in tests.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "123456789012";

    /// <summary>Runs Lambda functions (lambda:invoke and function ARNs). Without it, Lambda tasks are rejected at validation.</summary>
    public ILambdaInvoker? LambdaInvoker { get; init; }

    /// <summary>Receives events:putEvents entries; a <see cref="RecordingEventBridgePublisher"/> when not given.</summary>
    public IEventBridgePublisher? EventBridge { get; init; }

    /// <summary>Runs codebuild:startBuild.sync locally. Without it, CodeBuild tasks are rejected at validation.</summary>
    public ILocalBuildRunner? BuildRunner { get; init; }

    /// <summary>More service integrations (checked after the built-in ones).</summary>
    public IReadOnlyList<ITaskResource> AdditionalResources { get; init; } = [];

    public IntrinsicEnvironment Intrinsics { get; init; } = IntrinsicEnvironment.Default;
}

public sealed record StateMachineInfo(string StateMachineArn, string Name, string Definition, DateTimeOffset CreationDate);

/// <summary>A started execution, for callers in this process; on the wire it is the generated <c>StartExecutionOutput</c> (<see cref="WireShapes"/>).</summary>
public sealed record StartExecutionResult(string ExecutionArn, DateTimeOffset StartDate)
{
    public Sfn.StartExecutionOutput ToWire() => WireShapes.Of(this);
}

/// <summary>
/// An execution as the engine knows it: what DescribeExecution says, never null where the service always answers,
/// plus the number of state transitions (what Standard workflows are billed for). On the wire it is the generated
/// <c>DescribeExecutionOutput</c> (<see cref="WireShapes"/>); this record writes no wire shape of its own.
/// </summary>
public sealed record ExecutionDescription(
    string ExecutionArn,
    string StateMachineArn,
    string Name,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    string Input,
    string? Output,
    string? Error,
    string? Cause,
    long StateTransitions)
{
    public Sfn.DescribeExecutionOutput ToWire() => WireShapes.Of(this);

    /// <summary>The DescribeExecution response body (awsJson1_0), written from the generated shape.</summary>
    public JsonObject ToWireJson() => WireShapes.Json(ToWire(), Sfn.StepFunctionsJsonContext.Default.DescribeExecutionOutput);
}

/// <summary>A task waiting for a callback (the token itself is never kept, so it is not shown).</summary>
public sealed record WaitingTask(string StateName, DateTimeOffset EnteredTime, DateTimeOffset? TimeoutAt, DateTimeOffset? HeartbeatDeadline);

/// <summary>A page of the engine's history events; on the wire it is the generated <c>GetExecutionHistoryOutput</c> (<see cref="WireShapes"/>).</summary>
public sealed record ExecutionHistoryPage(IReadOnlyList<HistoryEvent> Events, string? NextToken)
{
    public Sfn.GetExecutionHistoryOutput ToWire() => WireShapes.Of(this);
}
