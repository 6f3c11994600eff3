using System.Globalization;
using SmusServerless.Local.StepFunctions.Definition;

namespace SmusServerless.Local.StepFunctions.Execution;

/// <summary>
/// One execution while the runner advances it: its record, its definition and the engine's services, with the
/// parts that act on it by concern. Every part reaches the others through this object, so none of them passes
/// the execution around.
/// </summary>
internal sealed class ExecutionSession
{
    public ExecutionSession(EngineServices services, ExecutionRecord record, StateMachineDefinition definition)
    {
        Services = services;
        Record = record;
        Definition = definition;
        History = new ExecutionHistory(this);
        Paths = new StatePaths(this);
        Lifecycle = new BranchLifecycle(this);
        Errors = new RetryAndCatch(this);
        FanOut = new ParallelAndMap(this);
        Signals = new SignalsAndCallbacks(this);
        States = new StateSteps(this);
        Tasks = new TaskSteps(this);
    }

    public EngineServices Services { get; }

    public ExecutionRecord Record { get; }

    public StateMachineDefinition Definition { get; }

    public ExecutionHistory History { get; }

    public StatePaths Paths { get; }

    public BranchLifecycle Lifecycle { get; }

    public RetryAndCatch Errors { get; }

    public ParallelAndMap FanOut { get; }

    public SignalsAndCallbacks Signals { get; }

    public StateSteps States { get; }

    public TaskSteps Tasks { get; }

    public DateTimeOffset Now => Services.Clock.GetUtcNow();

    public bool IsRunning => Record.Status == ExecutionStatus.Running;

    /// <summary>The state a branch is in (or about to enter).</summary>
    public StateDefinition StateOf(BranchRecord branch) => Definition.Scope(branch.ScopeKey).States[branch.State];

    public IEnumerable<BranchRecord> ActiveBranches() => ActiveBranches(Record);

    /// <summary>Branches still under way, oldest first (b1, b2, … b10: numeric, not ordinal, order).</summary>
    public static IEnumerable<BranchRecord> ActiveBranches(ExecutionRecord record)
        => record.Branches.Values
            .Where(b => !IsDone(b))
            .OrderBy(b => int.Parse(b.Id.AsSpan(1), CultureInfo.InvariantCulture));

    public static bool IsDone(BranchRecord branch) => branch.Phase is BranchPhase.Succeeded or BranchPhase.Failed or BranchPhase.Aborted;
}
