using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmusServerless.Local.StepFunctions.Definition;
using SmusServerless.Local.StepFunctions.Execution;
using SmusServerless.Local.StepFunctions.Json;
using SmusServerless.Local.StepFunctions.Persistence;
using SmusServerless.Local.StepFunctions.Tasks;

namespace SmusServerless.Local.StepFunctions;

/// <summary>
/// A local Step Functions service: create state machines (validated), start executions, run them on a real or
/// virtual clock, complete callbacks (SendTaskSuccess/Failure/Heartbeat), and read DescribeExecution and
/// GetExecutionHistory. Everything persists in the state directory, so a callback may come from another process
/// and a restarted process resumes waiting executions.
/// </summary>
public sealed partial class LocalStepFunctions : ITaskHost
{
    private const int MaxHistoryPage = 1000;
    private readonly LocalStepFunctionsOptions _options;
    private readonly ExecutionStore _store;
    private readonly TaskResourceRegistry _registry = new();
    private readonly ExecutionRunner _runner;
    private readonly Dictionary<string, StateMachineDefinition> _definitions = new(StringComparer.Ordinal);
    private readonly Lock _definitionsGate = new();

    public LocalStepFunctions(LocalStepFunctionsOptions options)
    {
        _options = options;
        _store = new ExecutionStore(options.StateDirectory);
        if (options.LambdaInvoker is { } invoker)
        {
            _registry.Add(new LambdaTaskResource(invoker));
        }
        _registry.Add(new EventBridgeTaskResource(options.EventBridge ?? new RecordingEventBridgePublisher()));
        _registry.Add(new StartExecutionTaskResource());
        if (options.BuildRunner is { } builds)
        {
            _registry.Add(new CodeBuildTaskResource(builds, options.Clock));
        }
        foreach (var extra in options.AdditionalResources)
        {
            _registry.Add(extra);
        }
        _runner = new ExecutionRunner(_registry, options.Clock, options.Intrinsics, this, _store.LoadExecution, _store.IndexToken);
    }

    public TimeProvider Clock => _options.Clock;

    /// <summary>Validates a definition against this engine (syntax, transitions, supported resources) without storing it.</summary>
    public IReadOnlyList<DefinitionProblem> Validate(string definitionJson)
        => new DefinitionParser(_registry.Problem).TryParse(definitionJson).Problems;

    /// <summary>
    /// Creates (or, for the same name and definition, returns) a state machine.
    /// A different definition under an existing name replaces it, like UpdateStateMachine.
    /// </summary>
    /// <exception cref="InvalidDefinitionException">The definition cannot run here; every problem is listed.</exception>
    public StateMachineInfo CreateStateMachine(string name, string definitionJson)
    {
        if (!NameRegex().IsMatch(name))
        {
            throw new StepFunctionsException("InvalidName", $"Invalid Name: '{name}' (1-80 letters, digits, '-' or '_')");
        }
        var definition = new DefinitionParser(_registry.Problem).Parse(definitionJson);
        var arn = $"arn:aws:states:{_options.Region}:{_options.AccountId}:stateMachine:{name}";
        var existing = _store.LoadStateMachine(arn);
        if (existing is not null && existing.Definition == definitionJson)
        {
            return Info(existing);
        }
        var record = new StateMachineRecord { Name = name, StateMachineArn = arn, Definition = definitionJson, CreationDate = _options.Clock.GetUtcNow() };
        _store.SaveStateMachine(record);
        lock (_definitionsGate)
        {
            _definitions[definitionJson] = definition;
        }
        return Info(record);
    }

    public StateMachineInfo? DescribeStateMachine(string stateMachineArn)
        => _store.LoadStateMachine(stateMachineArn) is { } r ? Info(r) : null;

    public IReadOnlyList<StateMachineInfo> ListStateMachines() => _store.ListStateMachines().Select(Info).ToList();

    private static StateMachineInfo Info(StateMachineRecord r) => new(r.StateMachineArn, r.Name, r.Definition, r.CreationDate);

    /// <summary>
    /// Starts an execution. The same name with the same input while the first is running returns the first
    /// execution (StartExecution is idempotent for Standard workflows); a closed execution or different input
    /// is ExecutionAlreadyExists.
    /// </summary>
    public async Task<StartExecutionResult> StartExecutionAsync(string stateMachineArn, string? name = null, string? input = null,
        CancellationToken cancellationToken = default)
    {
        var machine = _store.LoadStateMachine(stateMachineArn) ?? throw StepFunctionsException.StateMachineDoesNotExist(stateMachineArn);
        name ??= Guid.NewGuid().ToString("D");
        if (!NameRegex().IsMatch(name))
        {
            throw new StepFunctionsException("InvalidName", $"Invalid Name: '{name}' (1-80 letters, digits, '-' or '_')");
        }
        input ??= "{}";
        JsonNode? parsed;
        try
        {
            parsed = JsonValues.Parse(input);
        }
        catch (JsonException ex)
        {
            throw new StepFunctionsException("InvalidExecutionInput", $"Invalid State Machine Execution Input: {ex.Message}");
        }
        if (Encoding.UTF8.GetByteCount(input) > ExecutionRunner.MaxPayloadBytes)
        {
            throw new StepFunctionsException("InvalidExecutionInput", "Invalid State Machine Execution Input: larger than 256 KiB");
        }
        var machineName = stateMachineArn[(stateMachineArn.LastIndexOf(':') + 1)..];
        var executionArn = $"arn:aws:states:{_options.Region}:{_options.AccountId}:execution:{machineName}:{name}";
        using (await _store.LockExecutionAsync(executionArn, cancellationToken).ConfigureAwait(false))
        {
            if (_store.LoadExecution(executionArn) is { } existing)
            {
                if (existing.Status == ExecutionStatus.Running && JsonNode.DeepEquals(JsonValues.Parse(existing.Input), parsed))
                {
                    return new StartExecutionResult(existing.ExecutionArn, existing.StartDate);
                }
                throw StepFunctionsException.ExecutionAlreadyExists(executionArn);
            }
            var definition = Definition(machine.Definition);
            var now = _options.Clock.GetUtcNow();
            var record = new ExecutionRecord
            {
                ExecutionArn = executionArn,
                StateMachineArn = stateMachineArn,
                Name = name,
                Input = input,
                Definition = machine.Definition,
                StartDate = now,
                TimeoutAt = definition.TimeoutSeconds is { } t ? now.AddSeconds(t) : null,
            };
            var root = ExecutionRunner.NewBranch(record, definition.Root.Key, definition.Root.StartAt, JsonValues.ToJson(parsed), null, 0);
            record.RootBranchId = root.Id;
            record.Events.Add(new HistoryEvent(1, 0, now, "ExecutionStarted", "executionStartedEventDetails", new JsonObject
            {
                ["input"] = input,
                ["inputDetails"] = new JsonObject { ["truncated"] = false },
                ["roleArn"] = $"arn:aws:iam::{_options.AccountId}:role/local-stepfunctions",
            }));
            root.LastEventId = 1;
            _store.SaveExecution(record);
            return new StartExecutionResult(executionArn, now);
        }
    }

    async Task<(string ExecutionArn, DateTimeOffset StartDate)> ITaskHost.StartChildExecutionAsync(
        string stateMachineArn, string? name, string input, string parentExecutionArn, CancellationToken cancellationToken)
    {
        var result = await StartExecutionAsync(stateMachineArn, name, input, cancellationToken).ConfigureAwait(false);
        return (result.ExecutionArn, result.StartDate);
    }

    public ExecutionDescription DescribeExecution(string executionArn)
    {
        var rec = _store.LoadExecution(executionArn) ?? throw StepFunctionsException.ExecutionDoesNotExist(executionArn);
        return new ExecutionDescription(rec.ExecutionArn, rec.StateMachineArn, rec.Name, rec.Status, rec.StartDate, rec.StopDate,
            rec.Input, rec.Output, rec.Error, rec.Cause, rec.StateTransitions);
    }

    /// <summary>The tasks of an execution that wait for SendTaskSuccess/Failure (for a status view).</summary>
    public IReadOnlyList<WaitingTask> ListWaitingTasks(string executionArn)
    {
        var rec = _store.LoadExecution(executionArn) ?? throw StepFunctionsException.ExecutionDoesNotExist(executionArn);
        return rec.Branches.Values
            .Where(b => b.Phase == BranchPhase.AwaitingCallback)
            .Select(b => new WaitingTask(b.State, b.EnteredTime, b.TimeoutAt, b.HeartbeatAt))
            .ToList();
    }

    /// <summary>Every execution ARN in the state directory (optionally of one state machine), oldest first.</summary>
    public IReadOnlyList<string> ListExecutions(string? stateMachineArn = null)
        => _store.ListExecutionArns()
            .Where(arn => stateMachineArn is null || _store.LoadExecution(arn)?.StateMachineArn == stateMachineArn)
            .ToList();

    /// <summary>GetExecutionHistory with paging (maxResults 1..1000, default 100; nextToken is opaque).</summary>
    public ExecutionHistoryPage GetExecutionHistory(string executionArn, int? maxResults = null, string? nextToken = null,
        bool reverseOrder = false, bool includeExecutionData = true)
    {
        var rec = _store.LoadExecution(executionArn) ?? throw StepFunctionsException.ExecutionDoesNotExist(executionArn);
        var size = maxResults is null or 0 ? 100 : maxResults.Value;
        if (size is < 0 or > MaxHistoryPage)
        {
            throw new StepFunctionsException("ValidationException", $"maxResults must be between 0 and {MaxHistoryPage}");
        }
        var start = 0;
        if (nextToken is not null)
        {
            try
            {
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(nextToken)).Split('|');
                if (parts.Length != 2 || parts[0] != executionArn)
                {
                    throw new FormatException();
                }
                start = int.Parse(parts[1], CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw new StepFunctionsException("InvalidToken", "Invalid Token: the nextToken does not belong to this history");
            }
        }
        IEnumerable<HistoryEvent> events = reverseOrder ? Enumerable.Reverse(rec.Events) : rec.Events;
        var page = events.Skip(start).Take(size).Select(e => includeExecutionData ? e : WithoutData(e)).ToList();
        var next = start + page.Count < rec.Events.Count
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"{executionArn}|{start + page.Count}"))
            : null;
        return new ExecutionHistoryPage(page, next);
    }

    private static HistoryEvent WithoutData(HistoryEvent e)
    {
        if (e.Details is null)
        {
            return e;
        }
        var details = (JsonObject)e.Details.DeepClone();
        foreach (var key in new[] { "input", "output", "parameters" })
        {
            details.Remove(key);
        }
        return e with { Details = details };
    }

    /// <summary>
    /// Runs every running execution until none can move without time passing. On a <see cref="VirtualTimeProvider"/>
    /// the clock then jumps to the next Wait or retry timer, and so on, but never past a pending callback's
    /// TimeoutSeconds/HeartbeatSeconds deadline: an execution waiting for a callback stays waiting
    /// (use <see cref="AdvanceClockAsync"/> to let such a deadline expire).
    /// </summary>
    /// <returns>True when anything happened.</returns>
    public async Task<bool> RunUntilIdleAsync(CancellationToken cancellationToken = default)
    {
        var any = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var progressed = false;
            foreach (var arn in _store.ListRunningExecutionArns())
            {
                progressed |= await AdvanceAsync(arn, cancellationToken).ConfigureAwait(false);
            }
            if (progressed)
            {
                any = true;
                continue;
            }
            if (_options.Clock is VirtualTimeProvider virtualClock)
            {
                var (timer, deadline) = NextDue();
                if (timer is { } t && (deadline is null || t <= deadline))
                {
                    virtualClock.AdvanceTo(t);
                    continue;
                }
            }
            return any;
        }
    }

    /// <summary>Moves a virtual clock forward (callback deadlines may expire), then runs until idle.</summary>
    public async Task AdvanceClockAsync(TimeSpan by, CancellationToken cancellationToken = default)
    {
        if (_options.Clock is not VirtualTimeProvider virtualClock)
        {
            throw new InvalidOperationException("Only a VirtualTimeProvider clock can be advanced");
        }
        virtualClock.Advance(by);
        await RunUntilIdleAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs until the execution ends. On the real clock it sleeps until the next timer or deadline (at most
    /// <paramref name="pollInterval"/>, so callbacks from other processes are noticed); on a virtual clock it jumps.
    /// </summary>
    public async Task<ExecutionDescription> RunUntilFinishedAsync(string executionArn, TimeSpan? pollInterval = null,
        CancellationToken cancellationToken = default)
    {
        var poll = pollInterval ?? TimeSpan.FromSeconds(1);
        while (true)
        {
            await RunUntilIdleAsync(cancellationToken).ConfigureAwait(false);
            var description = DescribeExecution(executionArn);
            if (description.Status != ExecutionStatus.Running)
            {
                return description;
            }
            var (timer, deadline) = NextDue();
            var next = new[] { timer, deadline }.Where(d => d is not null).Select(d => d!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            if (_options.Clock is VirtualTimeProvider virtualClock)
            {
                if (next == DateTimeOffset.MaxValue)
                {
                    // Only an external callback can move it: poll the store in real time.
                    await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    virtualClock.AdvanceTo(next);
                }
                continue;
            }
            var wait = next - _options.Clock.GetUtcNow();
            wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > poll ? poll : wait;
            await Task.Delay(wait, _options.Clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private (DateTimeOffset? Timer, DateTimeOffset? Deadline) NextDue()
    {
        DateTimeOffset? timer = null, deadline = null;
        foreach (var arn in _store.ListRunningExecutionArns())
        {
            var rec = _store.LoadExecution(arn);
            if (rec is null || rec.Status != ExecutionStatus.Running)
            {
                continue;
            }
            var (t, d) = ExecutionRunner.NextDue(rec);
            if (t is not null && (timer is null || t < timer))
            {
                timer = t;
            }
            if (d is not null && (deadline is null || d < deadline))
            {
                deadline = d;
            }
        }
        return (timer, deadline);
    }

    private async Task<bool> AdvanceAsync(string executionArn, CancellationToken cancellationToken)
    {
        // A cheap unlocked read first: most executions in a state directory are finished.
        if (_store.LoadExecution(executionArn) is not { Status: ExecutionStatus.Running })
        {
            return false;
        }
        List<string> childrenToStop;
        using (await _store.LockExecutionAsync(executionArn, cancellationToken).ConfigureAwait(false))
        {
            var rec = _store.LoadExecution(executionArn);
            if (rec is null || rec.Status != ExecutionStatus.Running)
            {
                return false;
            }
            var changed = await _runner.AdvanceAsync(rec, Definition(rec.Definition), cancellationToken).ConfigureAwait(false);
            childrenToStop = rec.ChildExecutionsToStop.ToList();
            rec.ChildExecutionsToStop.Clear();
            if (changed)
            {
                _store.SaveExecution(rec);
            }
            if (childrenToStop.Count == 0)
            {
                return changed;
            }
        }
        // Outside the parent's lock: stopping a child takes the child's lock.
        foreach (var child in childrenToStop)
        {
            await StopExecutionAsync(child, "States.Aborted", $"The parent execution {executionArn} stopped waiting for it", cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    private StateMachineDefinition Definition(string json)
    {
        lock (_definitionsGate)
        {
            if (_definitions.TryGetValue(json, out var cached))
            {
                return cached;
            }
        }
        var parsed = new DefinitionParser(_registry.Problem).Parse(json);
        lock (_definitionsGate)
        {
            _definitions[json] = parsed;
        }
        return parsed;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,80}$")]
    private static partial Regex NameRegex();
}
