using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>
/// A path field that may be absent (default <c>$</c>), a path, or JSON <c>null</c>
/// (InputPath/OutputPath null = <c>{}</c>; ResultPath null = discard the result).
/// </summary>
public sealed record PathField(JsonPath? Path, bool IsNull)
{
    public static PathField Root { get; } = new(JsonPath.Parse("$"), false);

    public static PathField Null { get; } = new(null, true);
}

/// <summary>One set of states: the top level, a Parallel branch, or a Map's item processor.</summary>
public sealed record StatesScope(string Key, string StartAt, IReadOnlyDictionary<string, StateDefinition> States);

public sealed record Retrier(
    IReadOnlyList<string> ErrorEquals,
    int IntervalSeconds,
    int MaxAttempts,
    double BackoffRate,
    int? MaxDelaySeconds,
    string JitterStrategy);

public sealed record Catcher(IReadOnlyList<string> ErrorEquals, string Next, PathField ResultPath);

public abstract record StateDefinition
{
    public required string Name { get; init; }

    public required string Type { get; init; }

    public PathField InputPath { get; init; } = PathField.Root;

    public PathField OutputPath { get; init; } = PathField.Root;

    public string? Next { get; init; }

    public bool End { get; init; }
}

public sealed record PassState : StateDefinition
{
    public JsonNode? Result { get; init; }

    public bool HasResult { get; init; }

    public PayloadTemplate? Parameters { get; init; }

    public PathField ResultPath { get; init; } = PathField.Root;
}

public sealed record TaskState : StateDefinition
{
    public required string Resource { get; init; }

    public PayloadTemplate? Parameters { get; init; }

    public PayloadTemplate? ResultSelector { get; init; }

    public PathField ResultPath { get; init; } = PathField.Root;

    public int? TimeoutSeconds { get; init; }

    public JsonPath? TimeoutSecondsPath { get; init; }

    public int? HeartbeatSeconds { get; init; }

    public JsonPath? HeartbeatSecondsPath { get; init; }

    public IReadOnlyList<Retrier> Retry { get; init; } = [];

    public IReadOnlyList<Catcher> Catch { get; init; } = [];
}

public sealed record ChoiceState : StateDefinition
{
    public required IReadOnlyList<ChoiceRule> Choices { get; init; }

    public string? Default { get; init; }
}

public sealed record WaitState : StateDefinition
{
    public int? Seconds { get; init; }

    public JsonPath? SecondsPath { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public JsonPath? TimestampPath { get; init; }
}

public sealed record SucceedState : StateDefinition;

/// <summary>A state in a query language this engine does not run (JSONata); kept only to check transitions.</summary>
public sealed record UnsupportedQueryLanguageState : StateDefinition
{
    public IReadOnlyList<string> Targets { get; init; } = [];
}

public sealed record FailState : StateDefinition
{
    public string? Error { get; init; }

    public JsonPath? ErrorPath { get; init; }

    public string? Cause { get; init; }

    public JsonPath? CausePath { get; init; }
}

public sealed record ParallelState : StateDefinition
{
    public required IReadOnlyList<StatesScope> Branches { get; init; }

    public PayloadTemplate? Parameters { get; init; }

    public PayloadTemplate? ResultSelector { get; init; }

    public PathField ResultPath { get; init; } = PathField.Root;

    public IReadOnlyList<Retrier> Retry { get; init; } = [];

    public IReadOnlyList<Catcher> Catch { get; init; } = [];
}

public sealed record MapState : StateDefinition
{
    public required StatesScope Processor { get; init; }

    public PathField ItemsPath { get; init; } = PathField.Root;

    public PayloadTemplate? ItemSelector { get; init; }

    public PayloadTemplate? ResultSelector { get; init; }

    public PathField ResultPath { get; init; } = PathField.Root;

    public int MaxConcurrency { get; init; }

    public JsonPath? MaxConcurrencyPath { get; init; }

    public double? ToleratedFailurePercentage { get; init; }

    public JsonPath? ToleratedFailurePercentagePath { get; init; }

    public int? ToleratedFailureCount { get; init; }

    public JsonPath? ToleratedFailureCountPath { get; init; }

    public IReadOnlyList<Retrier> Retry { get; init; } = [];

    public IReadOnlyList<Catcher> Catch { get; init; } = [];
}

/// <summary>A parsed, validated state machine definition.</summary>
public sealed record StateMachineDefinition(
    string Json,
    StatesScope Root,
    int? TimeoutSeconds,
    IReadOnlyDictionary<string, StatesScope> Scopes)
{
    public StatesScope Scope(string key) => Scopes[key];
}
