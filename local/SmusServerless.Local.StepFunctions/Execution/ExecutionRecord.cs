using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SmusServerless.Local.StepFunctions.Execution;

/// <summary>DescribeExecution status values.</summary>
public static class ExecutionStatus
{
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string TimedOut = "TIMED_OUT";
    public const string Aborted = "ABORTED";
}

/// <summary>Where a branch of execution stands; everything needed to resume it after a restart.</summary>
public enum BranchPhase
{
    /// <summary>About to enter <see cref="BranchRecord.State"/> with <see cref="BranchRecord.Input"/>.</summary>
    Ready,

    /// <summary>In a Wait state until <see cref="BranchRecord.DueAt"/>; then leaves with <see cref="BranchRecord.Output"/>.</summary>
    Waiting,

    /// <summary>A Task/Parallel/Map state waits for its retry interval, then tries again.</summary>
    RetryBackoff,

    /// <summary>A task waits for SendTaskSuccess/Failure on the token whose hash is <see cref="BranchRecord.TokenHash"/>.</summary>
    AwaitingCallback,

    /// <summary>A callback arrived; the task result (or error) is stored on the branch, not yet processed.</summary>
    CallbackArrived,

    /// <summary>A states:startExecution.sync task waits for its child execution.</summary>
    AwaitingChildExecution,

    /// <summary>A Parallel or Map state waits for its child branches.</summary>
    AwaitingBranches,

    Succeeded,
    Failed,
    Aborted,
}

/// <summary>One line of execution: the top level, a Parallel branch or a Map iteration.</summary>
public sealed class BranchRecord
{
    public required string Id { get; init; }

    public required string ScopeKey { get; init; }

    public string? ParentId { get; init; }

    /// <summary>Branch index in a Parallel, item index in a Map.</summary>
    public int Index { get; init; }

    public required string State { get; set; }

    public BranchPhase Phase { get; set; }

    /// <summary>The raw input of the current state (JSON text).</summary>
    public string Input { get; set; } = "{}";

    /// <summary>Output carried by Waiting, or the final output of a finished branch (JSON text).</summary>
    public string? Output { get; set; }

    public string? Error { get; set; }

    public string? Cause { get; set; }

    public DateTimeOffset EnteredTime { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset? TimeoutAt { get; set; }

    public DateTimeOffset? HeartbeatAt { get; set; }

    public int? HeartbeatSeconds { get; set; }

    public string? TokenHash { get; set; }

    public string? ChildExecutionArn { get; set; }

    /// <summary>Attempts used per retrier of the current state (reset when the state is left).</summary>
    public List<int> RetryCounts { get; set; } = [];

    public int RetryCount { get; set; }

    public List<string> ChildIds { get; set; } = [];

    /// <summary>Map: the per-item inputs (JSON texts) still to start from <see cref="NextItem"/>.</summary>
    public List<string> PendingItems { get; set; } = [];

    public int NextItem { get; set; }

    public int MaxConcurrency { get; set; }

    public int? ToleratedFailureCount { get; set; }

    public double? ToleratedFailurePercentage { get; set; }

    /// <summary>The resource name used in task history events (e.g. resourceType lambda, resource invoke).</summary>
    public string? ResourceType { get; set; }

    public string? ResourceName { get; set; }

    public long LastEventId { get; set; }
}

/// <summary>The persisted form of one execution (one JSON file in the state directory).</summary>
public sealed class ExecutionRecord
{
    public required string ExecutionArn { get; init; }

    public required string StateMachineArn { get; init; }

    public required string Name { get; init; }

    public required string Input { get; init; }

    public required string Definition { get; init; }

    public string Status { get; set; } = ExecutionStatus.Running;

    public DateTimeOffset StartDate { get; init; }

    public DateTimeOffset? StopDate { get; set; }

    public string? Output { get; set; }

    public string? Error { get; set; }

    public string? Cause { get; set; }

    public DateTimeOffset? TimeoutAt { get; set; }

    public long StateTransitions { get; set; }

    public List<HistoryEvent> Events { get; set; } = [];

    public Dictionary<string, BranchRecord> Branches { get; set; } = [];

    public string RootBranchId { get; set; } = "b0";

    public int NextBranchNumber { get; set; } = 1;

    /// <summary>Child executions (states:startExecution.sync) whose waiting task was aborted: the host stops them.</summary>
    public List<string> ChildExecutionsToStop { get; set; } = [];

    /// <summary>Hashes of tokens whose task ended (timed out, aborted or completed): their callbacks get TaskTimedOut.</summary>
    public List<string> ClosedTokenHashes { get; set; } = [];
}

/// <summary>A GetExecutionHistory event: the details object goes under <see cref="DetailsKey"/> on the wire.</summary>
public sealed record HistoryEvent(
    long Id,
    long PreviousEventId,
    DateTimeOffset Timestamp,
    string Type,
    string? DetailsKey,
    JsonObject? Details)
{
    /// <summary>The AWS JSON wire shape (awsJson1_0: timestamps as epoch seconds).</summary>
    public JsonObject ToWireJson()
    {
        var obj = new JsonObject
        {
            ["timestamp"] = Timestamp.ToUnixTimeMilliseconds() / 1000.0,
            ["type"] = Type,
            ["id"] = Id,
            ["previousEventId"] = PreviousEventId,
        };
        if (DetailsKey is not null && Details is not null)
        {
            obj[DetailsKey] = Details.DeepClone();
        }
        return obj;
    }
}

[JsonSourceGenerationOptions(WriteIndented = false, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ExecutionRecord))]
[JsonSerializable(typeof(StateMachineRecord))]
[JsonSerializable(typeof(TokenIndexEntry))]
internal sealed partial class ExecutionJsonContext : JsonSerializerContext;

/// <summary>A created state machine, as persisted.</summary>
public sealed class StateMachineRecord
{
    public required string Name { get; init; }

    public required string StateMachineArn { get; init; }

    public required string Definition { get; init; }

    public DateTimeOffset CreationDate { get; init; }
}

/// <summary>Maps a token hash to the execution that issued it (the token itself is never stored).</summary>
public sealed class TokenIndexEntry
{
    public required string ExecutionArn { get; init; }
}
