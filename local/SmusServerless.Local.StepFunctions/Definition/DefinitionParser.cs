using System.Text.Json;
using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Intrinsics;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>Invalid: the definition breaks the States Language. Unsupported: valid ASL that this engine does not run.</summary>
public enum DefinitionProblemKind
{
    Invalid,
    Unsupported,
}

/// <summary>One problem, located by a JSON pointer into the definition (e.g. <c>/States/Approve/Next</c>).</summary>
public sealed record DefinitionProblem(DefinitionProblemKind Kind, string Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}{(Kind == DefinitionProblemKind.Unsupported ? " (not supported by the local engine)" : "")}";
}

/// <summary>The definition cannot run; <see cref="Problems"/> lists every problem found.</summary>
public sealed class InvalidDefinitionException(IReadOnlyList<DefinitionProblem> problems)
    : Exception("Invalid state machine definition:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    public IReadOnlyList<DefinitionProblem> Problems { get; } = problems;
}

/// <summary>
/// Parses and validates a definition before anything runs: field combinations per state type, transitions
/// (Next to a missing state, unreachable states, no terminal state, links out of a branch), retriers and
/// catchers, JSONPath and intrinsic syntax, payload templates, and whether the local engine supports each
/// Task resource.
/// </summary>
public sealed partial class DefinitionParser
{
    private const int MaxStateNameLength = 80;

    private static readonly string[] CommonFields = ["Type", "Comment", "QueryLanguage"];

    private static readonly Dictionary<string, string[]> FieldsByType = new(StringComparer.Ordinal)
    {
        ["Pass"] = ["InputPath", "OutputPath", "Next", "End", "Result", "ResultPath", "Parameters"],
        ["Task"] = ["InputPath", "OutputPath", "Next", "End", "Resource", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch",
            "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials"],
        ["Choice"] = ["InputPath", "OutputPath", "Choices", "Default"],
        ["Wait"] = ["InputPath", "OutputPath", "Next", "End", "Seconds", "SecondsPath", "Timestamp", "TimestampPath"],
        ["Succeed"] = ["InputPath", "OutputPath"],
        ["Fail"] = ["Error", "ErrorPath", "Cause", "CausePath"],
        ["Parallel"] = ["InputPath", "OutputPath", "Next", "End", "Branches", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch"],
        ["Map"] = ["InputPath", "OutputPath", "Next", "End", "ItemProcessor", "Iterator", "ItemsPath", "ItemSelector", "Parameters",
            "ResultSelector", "ResultPath", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Retry", "Catch"],
    };

    /// <summary>Fields that are valid ASL but that this engine does not implement.</summary>
    private static readonly string[] UnsupportedFields =
        ["Assign", "Arguments", "Output", "Items", "ItemReader", "ItemBatcher", "ResultWriter", "Label"];

    private readonly Func<string, string?> _resourceProblem;
    private readonly List<DefinitionProblem> _problems = [];
    private readonly Dictionary<string, StatesScope> _scopes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _allStateNames = new(StringComparer.Ordinal);

    /// <param name="resourceProblem">Returns why a Task resource cannot run here, or null when it can.</param>
    public DefinitionParser(Func<string, string?> resourceProblem)
    {
        _resourceProblem = resourceProblem;
    }

    /// <summary>Parses a definition; every problem found is reported at once.</summary>
    /// <exception cref="InvalidDefinitionException">The definition has at least one problem.</exception>
    public StateMachineDefinition Parse(string json)
    {
        var (definition, problems) = TryParse(json);
        return definition ?? throw new InvalidDefinitionException(problems);
    }

    public (StateMachineDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems) TryParse(string json)
    {
        _problems.Clear();
        _scopes.Clear();
        _allStateNames.Clear();
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException ex)
        {
            return (null, [new DefinitionProblem(DefinitionProblemKind.Invalid, "", $"the definition is not valid JSON: {ex.Message}")]);
        }
        if (root is not JsonObject obj)
        {
            return (null, [new DefinitionProblem(DefinitionProblemKind.Invalid, "", "the definition must be a JSON object")]);
        }
        CheckDuplicateKeys(json);
        if (_problems.Count > 0)
        {
            // System.Text.Json cannot even read an object with duplicate keys; report them alone.
            return (null, _problems.ToList());
        }
        var jsonata = false;
        if (obj["QueryLanguage"] is { } ql && (!JsonValues.TryGetString(ql, out var qls) || qls != "JSONPath"))
        {
            Unsupported("/QueryLanguage", "only the JSONPath query language is supported");
            jsonata = true;
        }
        foreach (var key in obj.Select(kv => kv.Key))
        {
            if (key is not ("StartAt" or "States" or "Comment" or "Version" or "TimeoutSeconds" or "QueryLanguage"))
            {
                Invalid($"/{key}", $"'{key}' is not a top-level field of a state machine");
            }
        }
        int? timeout = null;
        if (obj["TimeoutSeconds"] is { } t)
        {
            timeout = PositiveInt(t, "/TimeoutSeconds", allowZero: false);
        }
        var scope = ParseScope(obj, "", "$", jsonata);
        var ok = _problems.Count == 0 && scope is not null;
        return ok ? (new StateMachineDefinition(json, scope!, timeout, new Dictionary<string, StatesScope>(_scopes)), []) : (null, _problems.ToList());
    }

    private StatesScope? ParseScope(JsonObject obj, string location, string key, bool jsonata)
    {
        if (!JsonValues.TryGetString(obj["StartAt"], out var startAt))
        {
            Invalid($"{location}/StartAt", "StartAt is required and must be a string");
            return null;
        }
        if (obj["States"] is not JsonObject statesObj || statesObj.Count == 0)
        {
            Invalid($"{location}/States", "States is required and must be a non-empty object");
            return null;
        }
        var states = new Dictionary<string, StateDefinition>(StringComparer.Ordinal);
        foreach (var (name, value) in statesObj)
        {
            var stateLocation = $"{location}/States/{name}";
            if (!_allStateNames.Add(name))
            {
                Invalid(stateLocation, $"the state name '{name}' is used more than once; names must be unique in the whole state machine");
            }
            if (name.Length > MaxStateNameLength)
            {
                Invalid(stateLocation, $"the state name is {name.Length} characters long; at most {MaxStateNameLength} are allowed");
            }
            if (value is not JsonObject stateObj)
            {
                Invalid(stateLocation, "a state must be a JSON object");
                continue;
            }
            var state = ParseState(name, stateObj, stateLocation, key, jsonata);
            if (state is not null)
            {
                states[name] = state;
            }
        }
        if (!statesObj.ContainsKey(startAt))
        {
            Invalid($"{location}/StartAt", $"StartAt '{startAt}' is not a state in this scope");
        }
        CheckTransitions(startAt, states, location);
        var scope = new StatesScope(key, startAt, states);
        _scopes[key] = scope;
        return scope;
    }

    private void CheckTransitions(string startAt, Dictionary<string, StateDefinition> states, string location)
    {
        foreach (var state in states.Values)
        {
            foreach (var (target, field) in Targets(state))
            {
                if (!states.ContainsKey(target))
                {
                    Invalid($"{location}/States/{state.Name}/{field}",
                        $"'{target}' is not a state in the same scope (a transition cannot leave or enter a Parallel branch or Map processor)");
                }
            }
        }
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        if (states.ContainsKey(startAt))
        {
            queue.Enqueue(startAt);
            reached.Add(startAt);
        }
        while (queue.Count > 0)
        {
            foreach (var (target, _) in Targets(states[queue.Dequeue()]))
            {
                if (states.ContainsKey(target) && reached.Add(target))
                {
                    queue.Enqueue(target);
                }
            }
        }
        foreach (var name in states.Keys.Where(n => !reached.Contains(n)))
        {
            Invalid($"{location}/States/{name}", $"the state '{name}' cannot be reached from StartAt '{startAt}'");
        }
        var terminal = states.Values.Any(s => s.End || s is SucceedState or FailState);
        if (!terminal && states.Count > 0)
        {
            Invalid($"{location}/States", "no terminal state: at least one state needs \"End\": true or must be a Succeed or Fail state");
        }
    }

    private static IEnumerable<(string Target, string Field)> Targets(StateDefinition state)
    {
        if (state is UnsupportedQueryLanguageState opaque)
        {
            foreach (var t in opaque.Targets)
            {
                yield return (t, "Next");
            }
            yield break;
        }
        if (state.Next is not null)
        {
            yield return (state.Next, "Next");
        }
        if (state is ChoiceState choice)
        {
            for (var i = 0; i < choice.Choices.Count; i++)
            {
                if (choice.Choices[i].Next is { } n)
                {
                    yield return (n, $"Choices/{i}/Next");
                }
            }
            if (choice.Default is not null)
            {
                yield return (choice.Default, "Default");
            }
        }
        var catchers = state switch
        {
            TaskState t => t.Catch,
            ParallelState p => p.Catch,
            MapState m => m.Catch,
            _ => [],
        };
        for (var i = 0; i < catchers.Count; i++)
        {
            yield return (catchers[i].Next, $"Catch/{i}/Next");
        }
    }

    private StateDefinition? ParseState(string name, JsonObject obj, string location, string scopeKey, bool inheritedJsonata)
    {
        if (!JsonValues.TryGetString(obj["Type"], out var type) || !FieldsByType.TryGetValue(type, out var allowed))
        {
            Invalid($"{location}/Type", $"Type must be one of {string.Join(", ", FieldsByType.Keys)}");
            return null;
        }
        var jsonata = inheritedJsonata;
        if (obj["QueryLanguage"] is { } ql)
        {
            jsonata = !JsonValues.TryGetString(ql, out var qls) || qls != "JSONPath";
            if (jsonata)
            {
                Unsupported($"{location}/QueryLanguage", "only the JSONPath query language is supported");
            }
        }
        if (jsonata)
        {
            // A JSONata state is not checked further; only its transitions count for reachability.
            return OpaqueState(name, type, obj);
        }
        foreach (var key in obj.Select(kv => kv.Key))
        {
            if (CommonFields.Contains(key) || allowed.Contains(key))
            {
                continue;
            }
            if (UnsupportedFields.Contains(key))
            {
                Unsupported($"{location}/{key}", $"'{key}' (JSONata, variables or Distributed Map) is not supported");
            }
            else
            {
                Invalid($"{location}/{key}", $"'{key}' is not a field of a {type} state");
            }
        }
        var next = OptionalString(obj, "Next", location);
        var end = obj["End"] is { } e && (JsonValues.TryGetBoolean(e, out var eb) ? eb : Fail(false, $"{location}/End", "End must be a boolean"));
        if (allowed.Contains("Next"))
        {
            if (next is not null && end)
            {
                Invalid(location, "a state cannot have both Next and End");
            }
            else if (next is null && !end)
            {
                Invalid(location, "a non-terminal state needs Next or \"End\": true");
            }
        }
        var inputPath = PathOrNull(obj, "InputPath", location, reference: false);
        var outputPath = PathOrNull(obj, "OutputPath", location, reference: false);

        StateDefinition? state = type switch
        {
            "Pass" => new PassState
            {
                Name = name, Type = type, Next = next, End = end, InputPath = inputPath, OutputPath = outputPath,
                HasResult = obj.ContainsKey("Result"), Result = obj["Result"]?.DeepClone(),
                Parameters = Template(obj, "Parameters", location),
                ResultPath = PathOrNull(obj, "ResultPath", location, reference: true),
            },
            "Task" => ParseTask(name, obj, location, next, end, inputPath, outputPath),
            "Choice" => ParseChoice(name, obj, location, inputPath, outputPath),
            "Wait" => ParseWait(name, obj, location, next, end, inputPath, outputPath),
            "Succeed" => new SucceedState { Name = name, Type = type, InputPath = inputPath, OutputPath = outputPath, End = true },
            "Fail" => ParseFail(name, obj, location),
            "Parallel" => ParseParallel(name, obj, location, scopeKey, next, end, inputPath, outputPath),
            "Map" => ParseMap(name, obj, location, scopeKey, next, end, inputPath, outputPath),
            _ => null,
        };
        return state;
    }

    private static StateDefinition OpaqueState(string name, string type, JsonObject obj)
    {
        var targets = new List<string>();
        void Add(JsonNode? node)
        {
            if (JsonValues.TryGetString(node, out var t))
            {
                targets.Add(t);
            }
        }
        Add(obj["Next"]);
        Add(obj["Default"]);
        foreach (var item in (obj["Choices"] as JsonArray ?? []).Concat(obj["Catch"] as JsonArray ?? []))
        {
            Add(item?["Next"]);
        }
        var end = type is "Succeed" or "Fail" || (JsonValues.TryGetBoolean(obj["End"], out var e) && e);
        return new UnsupportedQueryLanguageState { Name = name, Type = type, End = end, Targets = targets };
    }

    private TaskState? ParseTask(string name, JsonObject obj, string location, string? next, bool end, PathField inputPath, PathField outputPath)
    {
        if (obj["Resource"] is JsonObject)
        {
            Unsupported($"{location}/Resource", "the Resource is a CloudFormation intrinsic function; substitute it before running");
            return new TaskState { Name = name, Type = "Task", Next = next, End = end, Resource = "", Catch = Catchers(obj, location) };
        }
        if (!JsonValues.TryGetString(obj["Resource"], out var resource) || resource.Length == 0)
        {
            Invalid($"{location}/Resource", "a Task needs a Resource URI");
            return null;
        }
        if (PlaceholderRegex().IsMatch(resource))
        {
            Unsupported($"{location}/Resource", $"'{resource}' is an unresolved DefinitionSubstitutions placeholder; substitute it before running");
        }
        else if (!resource.StartsWith("arn:", StringComparison.Ordinal))
        {
            Invalid($"{location}/Resource", $"'{resource}' is not an ARN");
        }
        else if (resource.Contains(":lambda:", StringComparison.Ordinal) && resource.Contains(":function:", StringComparison.Ordinal)
                 && Tasks.TaskResourceName.TryParse(resource) is null)
        {
            Invalid($"{location}/Resource", $"'{resource}' is not a valid Lambda function ARN (function name, then an optional version or alias)");
        }
        else if (_resourceProblem(resource) is { } problem)
        {
            Unsupported($"{location}/Resource", problem);
        }
        if (obj.ContainsKey("Credentials"))
        {
            if (obj["Credentials"] is not JsonObject)
            {
                Invalid($"{location}/Credentials", "Credentials must be a JSON object");
            }
            else
            {
                Template(obj, "Credentials", location);
            }
        }
        Exclusive(obj, location, "TimeoutSeconds", "TimeoutSecondsPath");
        Exclusive(obj, location, "HeartbeatSeconds", "HeartbeatSecondsPath");
        var timeout = obj["TimeoutSeconds"] is { } ts ? PositiveInt(ts, $"{location}/TimeoutSeconds", allowZero: false) : null;
        var heartbeat = obj["HeartbeatSeconds"] is { } hs ? PositiveInt(hs, $"{location}/HeartbeatSeconds", allowZero: false) : null;
        if (timeout is not null && heartbeat is not null && heartbeat >= timeout)
        {
            Invalid($"{location}/HeartbeatSeconds", "HeartbeatSeconds must be smaller than TimeoutSeconds");
        }
        return new TaskState
        {
            Name = name, Type = "Task", Next = next, End = end, InputPath = inputPath, OutputPath = outputPath,
            Resource = resource,
            Parameters = Template(obj, "Parameters", location),
            ResultSelector = Template(obj, "ResultSelector", location),
            ResultPath = PathOrNull(obj, "ResultPath", location, reference: true),
            TimeoutSeconds = timeout,
            TimeoutSecondsPath = ReferencePath(obj, "TimeoutSecondsPath", location),
            HeartbeatSeconds = heartbeat,
            HeartbeatSecondsPath = ReferencePath(obj, "HeartbeatSecondsPath", location),
            Retry = Retriers(obj, location),
            Catch = Catchers(obj, location),
        };
    }

    private ChoiceState? ParseChoice(string name, JsonObject obj, string location, PathField inputPath, PathField outputPath)
    {
        if (obj["Choices"] is not JsonArray choices || choices.Count == 0)
        {
            Invalid($"{location}/Choices", "a Choice state needs a non-empty Choices array");
            return null;
        }
        var rules = new List<ChoiceRule>();
        for (var i = 0; i < choices.Count; i++)
        {
            var rule = ParseRule(choices[i], $"{location}/Choices/{i}", topLevel: true);
            if (rule is not null)
            {
                rules.Add(rule);
            }
        }
        return new ChoiceState
        {
            Name = name, Type = "Choice", InputPath = inputPath, OutputPath = outputPath,
            Choices = rules, Default = OptionalString(obj, "Default", location),
        };
    }

    private ChoiceRule? ParseRule(JsonNode? node, string location, bool topLevel)
    {
        if (node is not JsonObject obj)
        {
            Invalid(location, "a choice rule must be a JSON object");
            return null;
        }
        var next = OptionalString(obj, "Next", location);
        if (topLevel && next is null)
        {
            Invalid(location, "a top-level choice rule needs Next");
        }
        if (!topLevel && next is not null)
        {
            Invalid($"{location}/Next", "a nested choice rule cannot have Next");
        }
        var operators = obj.Select(kv => kv.Key).Where(k => k is not ("Next" or "Comment" or "Variable")).ToList();
        if (operators.Count != 1)
        {
            Invalid(location, operators.Count == 0
                ? "a choice rule needs exactly one comparison operator, And, Or or Not"
                : $"a choice rule has more than one operator: {string.Join(", ", operators)}");
            return null;
        }
        var op = operators[0];
        ChoiceRule? rule;
        if (op is "And" or "Or")
        {
            if (obj.ContainsKey("Variable"))
            {
                Invalid($"{location}/Variable", $"{op} cannot have a Variable");
            }
            if (obj[op] is not JsonArray list || list.Count == 0)
            {
                Invalid($"{location}/{op}", $"{op} needs a non-empty array of rules");
                return null;
            }
            var nested = list.Select((n, i) => ParseRule(n, $"{location}/{op}/{i}", topLevel: false)).ToList();
            if (nested.Any(r => r is null))
            {
                return null;
            }
            rule = op == "And" ? new AndRule(nested!) : new OrRule(nested!);
        }
        else if (op == "Not")
        {
            var inner = ParseRule(obj["Not"], $"{location}/Not", topLevel: false);
            if (inner is null)
            {
                return null;
            }
            rule = new NotRule(inner);
        }
        else
        {
            if (!ComparisonRule.Operators.Contains(op))
            {
                Invalid($"{location}/{op}", $"'{op}' is not a choice rule operator");
                return null;
            }
            if (!JsonValues.TryGetString(obj["Variable"], out var variableText))
            {
                Invalid($"{location}/Variable", "a comparison needs a Variable path");
                return null;
            }
            var variable = ParsePath(variableText, $"{location}/Variable", reference: false);
            if (variable is null)
            {
                return null;
            }
            var operand = obj[op];
            JsonPath? operandPath = null;
            if (op.EndsWith("Path", StringComparison.Ordinal))
            {
                if (!JsonValues.TryGetString(operand, out var p))
                {
                    Invalid($"{location}/{op}", $"{op} must be a path string");
                    return null;
                }
                operandPath = ParsePath(p, $"{location}/{op}", reference: false);
                if (operandPath is null)
                {
                    return null;
                }
            }
            else if (!OperandTypeOk(op, operand))
            {
                Invalid($"{location}/{op}", $"the value of {op} has the wrong type");
                return null;
            }
            rule = new ComparisonRule(variable, op, operand?.DeepClone(), operandPath);
        }
        return rule with { Next = next };
    }

    private static bool OperandTypeOk(string op, JsonNode? operand)
    {
        if (op.StartsWith("Is", StringComparison.Ordinal) || op == "BooleanEquals")
        {
            return JsonValues.TryGetBoolean(operand, out _);
        }
        if (op.StartsWith("Numeric", StringComparison.Ordinal))
        {
            return JsonValues.TryGetNumber(operand, out _);
        }
        if (op.StartsWith("Timestamp", StringComparison.Ordinal))
        {
            return JsonValues.TryGetString(operand, out var s) && ComparisonRule.TryParseTimestamp(s, out _);
        }
        return JsonValues.TryGetString(operand, out _);
    }

    private WaitState ParseWait(string name, JsonObject obj, string location, string? next, bool end, PathField inputPath, PathField outputPath)
    {
        var given = new[] { "Seconds", "SecondsPath", "Timestamp", "TimestampPath" }.Where(obj.ContainsKey).ToList();
        if (given.Count != 1)
        {
            Invalid(location, given.Count == 0
                ? "a Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath"
                : $"a Wait state can have only one of Seconds, SecondsPath, Timestamp, TimestampPath (has {string.Join(", ", given)})");
        }
        DateTimeOffset? timestamp = null;
        if (obj["Timestamp"] is { } tsNode)
        {
            if (JsonValues.TryGetString(tsNode, out var ts) && ComparisonRule.TryParseTimestamp(ts, out var parsed))
            {
                timestamp = parsed;
            }
            else
            {
                Invalid($"{location}/Timestamp", "Timestamp must be an RFC 3339 timestamp such as 2026-01-01T00:00:00Z");
            }
        }
        return new WaitState
        {
            Name = name, Type = "Wait", Next = next, End = end, InputPath = inputPath, OutputPath = outputPath,
            Seconds = obj["Seconds"] is { } s ? PositiveInt(s, $"{location}/Seconds", allowZero: true) : null,
            SecondsPath = ReferencePath(obj, "SecondsPath", location),
            Timestamp = timestamp,
            TimestampPath = ReferencePath(obj, "TimestampPath", location),
        };
    }

    private FailState ParseFail(string name, JsonObject obj, string location)
    {
        Exclusive(obj, location, "Error", "ErrorPath");
        Exclusive(obj, location, "Cause", "CausePath");
        return new FailState
        {
            Name = name, Type = "Fail", End = true,
            Error = OptionalString(obj, "Error", location),
            ErrorPath = PathAllowingIntrinsic(obj, "ErrorPath", location),
            Cause = OptionalString(obj, "Cause", location),
            CausePath = PathAllowingIntrinsic(obj, "CausePath", location),
        };
    }

    private ParallelState? ParseParallel(string name, JsonObject obj, string location, string scopeKey, string? next, bool end,
        PathField inputPath, PathField outputPath)
    {
        if (obj["Branches"] is not JsonArray branches || branches.Count == 0)
        {
            Invalid($"{location}/Branches", "a Parallel state needs a non-empty Branches array");
            return null;
        }
        var scopes = new List<StatesScope>();
        for (var i = 0; i < branches.Count; i++)
        {
            if (branches[i] is not JsonObject branch)
            {
                Invalid($"{location}/Branches/{i}", "a branch must be a JSON object with StartAt and States");
                continue;
            }
            foreach (var key in branch.Select(kv => kv.Key).Where(k => k is not ("StartAt" or "States" or "Comment" or "QueryLanguage")))
            {
                Invalid($"{location}/Branches/{i}/{key}", $"'{key}' is not a field of a branch");
            }
            var scope = ParseScope(branch, $"{location}/Branches/{i}", $"{scopeKey}/{name}[{i}]", jsonata: false);
            if (scope is not null)
            {
                scopes.Add(scope);
            }
        }
        return new ParallelState
        {
            Name = name, Type = "Parallel", Next = next, End = end, InputPath = inputPath, OutputPath = outputPath,
            Branches = scopes,
            Parameters = Template(obj, "Parameters", location),
            ResultSelector = Template(obj, "ResultSelector", location),
            ResultPath = PathOrNull(obj, "ResultPath", location, reference: true),
            Retry = Retriers(obj, location),
            Catch = Catchers(obj, location),
        };
    }

    private MapState? ParseMap(string name, JsonObject obj, string location, string scopeKey, string? next, bool end,
        PathField inputPath, PathField outputPath)
    {
        Exclusive(obj, location, "ItemProcessor", "Iterator");
        Exclusive(obj, location, "ItemSelector", "Parameters");
        Exclusive(obj, location, "MaxConcurrency", "MaxConcurrencyPath");
        Exclusive(obj, location, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath");
        Exclusive(obj, location, "ToleratedFailureCount", "ToleratedFailureCountPath");
        var processorField = obj.ContainsKey("ItemProcessor") ? "ItemProcessor" : "Iterator";
        if (obj[processorField] is not JsonObject processor)
        {
            Invalid($"{location}/ItemProcessor", "a Map state needs an ItemProcessor (or the older Iterator)");
            return null;
        }
        if (processor["ProcessorConfig"] is JsonObject config)
        {
            if (JsonValues.TryGetString(config["Mode"], out var mode) && mode != "INLINE")
            {
                Unsupported($"{location}/{processorField}/ProcessorConfig/Mode", $"Map mode '{mode}' is not supported (only INLINE)");
            }
        }
        foreach (var key in processor.Select(kv => kv.Key).Where(k => k is not ("StartAt" or "States" or "Comment" or "ProcessorConfig" or "QueryLanguage")))
        {
            Invalid($"{location}/{processorField}/{key}", $"'{key}' is not a field of an item processor");
        }
        var scope = ParseScope(processor, $"{location}/{processorField}", $"{scopeKey}/{name}", jsonata: false);
        double? percentage = null;
        if (obj["ToleratedFailurePercentage"] is { } pct)
        {
            if (!JsonValues.TryGetDouble(pct, out var p) || p is < 0 or > 100)
            {
                Invalid($"{location}/ToleratedFailurePercentage", "ToleratedFailurePercentage must be a number from 0 to 100");
            }
            else
            {
                percentage = p;
            }
        }
        if (scope is null)
        {
            return null;
        }
        return new MapState
        {
            Name = name, Type = "Map", Next = next, End = end, InputPath = inputPath, OutputPath = outputPath,
            Processor = scope,
            ItemsPath = PathOrNull(obj, "ItemsPath", location, reference: true),
            ItemSelector = Template(obj, obj.ContainsKey("ItemSelector") ? "ItemSelector" : "Parameters", location),
            ResultSelector = Template(obj, "ResultSelector", location),
            ResultPath = PathOrNull(obj, "ResultPath", location, reference: true),
            MaxConcurrency = obj["MaxConcurrency"] is { } mc ? PositiveInt(mc, $"{location}/MaxConcurrency", allowZero: true) ?? 0 : 0,
            MaxConcurrencyPath = ReferencePath(obj, "MaxConcurrencyPath", location),
            ToleratedFailurePercentage = percentage,
            ToleratedFailurePercentagePath = ReferencePath(obj, "ToleratedFailurePercentagePath", location),
            ToleratedFailureCount = obj["ToleratedFailureCount"] is { } tc ? PositiveInt(tc, $"{location}/ToleratedFailureCount", allowZero: true) : null,
            ToleratedFailureCountPath = ReferencePath(obj, "ToleratedFailureCountPath", location),
            Retry = Retriers(obj, location),
            Catch = Catchers(obj, location),
        };
    }

    private List<Retrier> Retriers(JsonObject obj, string location)
    {
        var result = new List<Retrier>();
        if (!obj.ContainsKey("Retry"))
        {
            return result;
        }
        if (obj["Retry"] is not JsonArray array)
        {
            Invalid($"{location}/Retry", "Retry must be an array of retriers");
            return result;
        }
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{location}/Retry/{i}";
            if (array[i] is not JsonObject r)
            {
                Invalid(at, "a retrier must be a JSON object");
                continue;
            }
            foreach (var key in r.Select(kv => kv.Key).Where(k => k is not ("ErrorEquals" or "IntervalSeconds" or "MaxAttempts" or "BackoffRate"
                         or "MaxDelaySeconds" or "JitterStrategy" or "Comment")))
            {
                Invalid($"{at}/{key}", $"'{key}' is not a field of a retrier");
            }
            var errors = ErrorEquals(r, at, isLast: i == array.Count - 1);
            var interval = r["IntervalSeconds"] is { } iv ? PositiveInt(iv, $"{at}/IntervalSeconds", allowZero: false) ?? 1 : 1;
            var attempts = r["MaxAttempts"] is { } ma ? PositiveInt(ma, $"{at}/MaxAttempts", allowZero: true) ?? 3 : 3;
            var backoff = 2.0;
            if (r["BackoffRate"] is { } br)
            {
                if (!JsonValues.TryGetDouble(br, out backoff) || backoff < 1.0)
                {
                    Invalid($"{at}/BackoffRate", "BackoffRate must be a number greater than or equal to 1.0");
                    backoff = 2.0;
                }
            }
            int? maxDelay = r["MaxDelaySeconds"] is { } md ? PositiveInt(md, $"{at}/MaxDelaySeconds", allowZero: false) : null;
            var jitter = "NONE";
            if (r["JitterStrategy"] is { } js)
            {
                if (!JsonValues.TryGetString(js, out jitter) || jitter is not ("FULL" or "NONE"))
                {
                    Invalid($"{at}/JitterStrategy", "JitterStrategy must be FULL or NONE");
                    jitter = "NONE";
                }
            }
            result.Add(new Retrier(errors, interval, attempts, backoff, maxDelay, jitter));
        }
        return result;
    }

    private List<Catcher> Catchers(JsonObject obj, string location)
    {
        var result = new List<Catcher>();
        if (!obj.ContainsKey("Catch"))
        {
            return result;
        }
        if (obj["Catch"] is not JsonArray array)
        {
            Invalid($"{location}/Catch", "Catch must be an array of catchers");
            return result;
        }
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{location}/Catch/{i}";
            if (array[i] is not JsonObject c)
            {
                Invalid(at, "a catcher must be a JSON object");
                continue;
            }
            foreach (var key in c.Select(kv => kv.Key).Where(k => k is not ("ErrorEquals" or "Next" or "ResultPath" or "Comment")))
            {
                Invalid($"{at}/{key}", $"'{key}' is not a field of a catcher");
            }
            var errors = ErrorEquals(c, at, isLast: i == array.Count - 1);
            if (!JsonValues.TryGetString(c["Next"], out var next))
            {
                Invalid($"{at}/Next", "a catcher needs Next");
                continue;
            }
            result.Add(new Catcher(errors, next, PathOrNull(c, "ResultPath", at, reference: true)));
        }
        return result;
    }

    private List<string> ErrorEquals(JsonObject obj, string location, bool isLast)
    {
        var result = new List<string>();
        if (obj["ErrorEquals"] is not JsonArray array || array.Count == 0)
        {
            Invalid($"{location}/ErrorEquals", "ErrorEquals must be a non-empty array of error names");
            return result;
        }
        foreach (var item in array)
        {
            if (!JsonValues.TryGetString(item, out var name))
            {
                Invalid($"{location}/ErrorEquals", "every ErrorEquals entry must be a string");
                continue;
            }
            result.Add(name);
        }
        if (result.Contains(ErrorNames.All) && (result.Count > 1 || !isLast))
        {
            Invalid($"{location}/ErrorEquals", "States.ALL must appear alone in ErrorEquals, in the last retrier or catcher");
        }
        return result;
    }

    private PayloadTemplate? Template(JsonObject obj, string field, string location)
    {
        if (!obj.ContainsKey(field))
        {
            return null;
        }
        var problems = new List<(string Location, string Message)>();
        var template = PayloadTemplate.Compile(obj[field], $"{location}/{field}", problems);
        CheckTemplateKeys(obj[field], $"{location}/{field}");
        foreach (var (at, message) in problems)
        {
            if (message.Contains(JsonPath.VariablesNotSupported, StringComparison.Ordinal))
            {
                Unsupported(at, message);
            }
            else
            {
                Invalid(at, message);
            }
        }
        return template;
    }

    /// <summary>After removing ".$", two keys of one object must not collide.</summary>
    private void CheckTemplateKeys(JsonNode? node, string location)
    {
        switch (node)
        {
            case JsonObject obj:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (key, value) in obj)
                {
                    var effective = key.EndsWith(".$", StringComparison.Ordinal) ? key[..^2] : key;
                    if (!seen.Add(effective))
                    {
                        Invalid($"{location}/{key}", $"the field '{effective}' is given twice (with and without '.$')");
                    }
                    CheckTemplateKeys(value, $"{location}/{key}");
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckTemplateKeys(array[i], $"{location}/{i}");
                }
                break;
        }
    }

    private PathField PathOrNull(JsonObject obj, string field, string location, bool reference)
    {
        if (!obj.TryGetPropertyValue(field, out var node))
        {
            return PathField.Root;
        }
        if (node is null)
        {
            return PathField.Null;
        }
        if (!JsonValues.TryGetString(node, out var text))
        {
            Invalid($"{location}/{field}", $"{field} must be a path string or null");
            return PathField.Root;
        }
        var path = ParsePath(text, $"{location}/{field}", reference);
        return path is null ? PathField.Root : new PathField(path, false);
    }

    private JsonPath? ReferencePath(JsonObject obj, string field, string location)
    {
        if (!obj.ContainsKey(field))
        {
            return null;
        }
        if (!JsonValues.TryGetString(obj[field], out var text))
        {
            Invalid($"{location}/{field}", $"{field} must be a path string");
            return null;
        }
        return ParsePath(text, $"{location}/{field}", reference: true);
    }

    /// <summary>Fail's ErrorPath/CausePath accept a reference path or an intrinsic function.</summary>
    private JsonPath? PathAllowingIntrinsic(JsonObject obj, string field, string location)
    {
        if (JsonValues.TryGetString(obj[field], out var text) && IntrinsicExpression.IsIntrinsic(text))
        {
            try
            {
                IntrinsicExpression.Parse(text);
                Unsupported($"{location}/{field}", "intrinsic functions in ErrorPath/CausePath are not supported; use a reference path");
            }
            catch (IntrinsicSyntaxException ex) when (ex.Message.Contains(JsonPath.VariablesNotSupported, StringComparison.Ordinal))
            {
                Unsupported($"{location}/{field}", ex.Message);
            }
            catch (IntrinsicSyntaxException ex)
            {
                Invalid($"{location}/{field}", ex.Message);
            }
            return null;
        }
        return ReferencePath(obj, field, location);
    }

    private JsonPath? ParsePath(string text, string location, bool reference)
    {
        if (!JsonPath.TryParse(text, out var path, out var error))
        {
            if (error!.Contains(JsonPath.VariablesNotSupported, StringComparison.Ordinal))
            {
                Unsupported(location, error);
            }
            else
            {
                Invalid(location, error);
            }
            return null;
        }
        if (reference && !path!.IsDefinite)
        {
            Invalid(location, $"'{text}' must be a reference path (names and single indexes only, selecting one node)");
            return null;
        }
        return path;
    }

    private string? OptionalString(JsonObject obj, string field, string location)
    {
        if (!obj.ContainsKey(field))
        {
            return null;
        }
        if (JsonValues.TryGetString(obj[field], out var s))
        {
            return s;
        }
        Invalid($"{location}/{field}", $"{field} must be a string");
        return null;
    }

    private int? PositiveInt(JsonNode node, string location, bool allowZero)
    {
        if (JsonValues.TryGetNumber(node, out var d) && d == Math.Floor(d) && d <= int.MaxValue && (allowZero ? d >= 0 : d > 0))
        {
            return (int)d;
        }
        Invalid(location, allowZero ? "must be a non-negative integer" : "must be a positive integer");
        return null;
    }

    private void Exclusive(JsonObject obj, string location, string a, string b)
    {
        if (obj.ContainsKey(a) && obj.ContainsKey(b))
        {
            Invalid(location, $"{a} and {b} cannot both be given");
        }
    }

    /// <summary>JsonNode keeps the last duplicate silently; the States Language forbids duplicates.</summary>
    private void CheckDuplicateKeys(string json)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        var stack = new Stack<(HashSet<string>? Keys, string Path)>();
        var pendingName = "";
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    stack.Push((new HashSet<string>(StringComparer.Ordinal), stack.Count == 0 ? "" : $"{stack.Peek().Path}/{pendingName}"));
                    break;
                case JsonTokenType.StartArray:
                    stack.Push((null, stack.Count == 0 ? "" : $"{stack.Peek().Path}/{pendingName}"));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.Pop();
                    break;
                case JsonTokenType.PropertyName:
                    pendingName = reader.GetString()!;
                    var (keys, path) = stack.Peek();
                    if (keys is not null && !keys.Add(pendingName))
                    {
                        Invalid($"{path}/{pendingName}", $"the field '{pendingName}' appears twice in the same object");
                    }
                    break;
            }
        }
    }

    private T Fail<T>(T fallback, string location, string message)
    {
        Invalid(location, message);
        return fallback;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\$\{[A-Za-z0-9_.:-]+\}$")]
    private static partial System.Text.RegularExpressions.Regex PlaceholderRegex();

    private void Invalid(string location, string message) => _problems.Add(new DefinitionProblem(DefinitionProblemKind.Invalid, location, message));

    private void Unsupported(string location, string message) => _problems.Add(new DefinitionProblem(DefinitionProblemKind.Unsupported, location, message));
}
