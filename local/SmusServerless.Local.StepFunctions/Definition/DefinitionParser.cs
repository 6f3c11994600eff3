using System.Text.Json;
using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>
/// Parses and validates a definition before anything runs: field combinations per state type, transitions
/// (Next to a missing state, unreachable states, no terminal state, links out of a branch), retriers and
/// catchers, JSONPath and intrinsic syntax, payload templates, and whether the local engine supports each
/// Task resource. This class reads the top level, scopes and the fields every state shares; one parser per
/// state type reads the rest.
/// </summary>
public sealed class DefinitionParser
{
    private const int MaxStateNameLength = 80;

    private static readonly string[] CommonFields = ["Type", "Comment", "QueryLanguage"];

    private static readonly Dictionary<string, string[]> FieldsByType = new(StringComparer.Ordinal)
    {
        ["Pass"] = PassStateParser.Fields,
        ["Task"] = TaskStateParser.Fields,
        ["Choice"] = ChoiceStateParser.Fields,
        ["Wait"] = WaitStateParser.Fields,
        ["Succeed"] = SucceedStateParser.Fields,
        ["Fail"] = FailStateParser.Fields,
        ["Parallel"] = ParallelStateParser.Fields,
        ["Map"] = MapStateParser.Fields,
    };

    /// <summary>Fields that are valid ASL but that this engine does not implement.</summary>
    private static readonly string[] UnsupportedFields =
        ["Assign", "Arguments", "Output", "Items", "ItemReader", "ItemBatcher", "ResultWriter", "Label"];

    private readonly Func<string, string?> _resourceProblem;
    private readonly Dictionary<string, StatesScope> _scopes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _allStateNames = new(StringComparer.Ordinal);
    private DefinitionFields _fields = new();

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
        _fields = new DefinitionFields();
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
        DuplicateKeyCheck.Check(json, _fields);
        if (_fields.Problems.Count > 0)
        {
            // System.Text.Json cannot even read an object with duplicate keys; report them alone.
            return (null, _fields.Problems.ToList());
        }
        var jsonata = false;
        if (obj["QueryLanguage"] is { } ql && (!JsonValues.TryGetString(ql, out var qls) || qls != "JSONPath"))
        {
            _fields.Unsupported("/QueryLanguage", "only the JSONPath query language is supported");
            jsonata = true;
        }
        foreach (var key in obj.Select(kv => kv.Key))
        {
            if (key is not ("StartAt" or "States" or "Comment" or "Version" or "TimeoutSeconds" or "QueryLanguage"))
            {
                _fields.Invalid($"/{key}", $"'{key}' is not a top-level field of a state machine");
            }
        }
        int? timeout = null;
        if (obj["TimeoutSeconds"] is { } t)
        {
            timeout = _fields.PositiveInt(t, "/TimeoutSeconds", allowZero: false);
        }
        var scope = ParseScope(obj, "", "$", jsonata);
        var ok = _fields.Problems.Count == 0 && scope is not null;
        return ok
            ? (new StateMachineDefinition(json, scope!, timeout, new Dictionary<string, StatesScope>(_scopes)), [])
            : (null, _fields.Problems.ToList());
    }

    private StatesScope? ParseScope(JsonObject obj, string location, string key, bool jsonata)
    {
        if (!JsonValues.TryGetString(obj["StartAt"], out var startAt))
        {
            _fields.Invalid($"{location}/StartAt", "StartAt is required and must be a string");
            return null;
        }
        if (obj["States"] is not JsonObject statesObj || statesObj.Count == 0)
        {
            _fields.Invalid($"{location}/States", "States is required and must be a non-empty object");
            return null;
        }
        var states = new Dictionary<string, StateDefinition>(StringComparer.Ordinal);
        foreach (var (name, value) in statesObj)
        {
            var stateLocation = $"{location}/States/{name}";
            if (!_allStateNames.Add(name))
            {
                _fields.Invalid(stateLocation, $"the state name '{name}' is used more than once; names must be unique in the whole state machine");
            }
            if (name.Length > MaxStateNameLength)
            {
                _fields.Invalid(stateLocation, $"the state name is {name.Length} characters long; at most {MaxStateNameLength} are allowed");
            }
            if (value is not JsonObject stateObj)
            {
                _fields.Invalid(stateLocation, "a state must be a JSON object");
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
            _fields.Invalid($"{location}/StartAt", $"StartAt '{startAt}' is not a state in this scope");
        }
        TransitionCheck.Check(startAt, states, location, _fields);
        var scope = new StatesScope(key, startAt, states);
        _scopes[key] = scope;
        return scope;
    }

    private StateDefinition? ParseState(string name, JsonObject obj, string location, string scopeKey, bool inheritedJsonata)
    {
        var f = _fields;
        if (!JsonValues.TryGetString(obj["Type"], out var type) || !FieldsByType.TryGetValue(type, out var allowed))
        {
            f.Invalid($"{location}/Type", $"Type must be one of {string.Join(", ", FieldsByType.Keys)}");
            return null;
        }
        var jsonata = inheritedJsonata;
        if (obj["QueryLanguage"] is { } ql)
        {
            jsonata = !JsonValues.TryGetString(ql, out var qls) || qls != "JSONPath";
            if (jsonata)
            {
                f.Unsupported($"{location}/QueryLanguage", "only the JSONPath query language is supported");
            }
        }
        if (jsonata)
        {
            // A JSONata state is not checked further; only its transitions count for reachability.
            return OpaqueState(name, type, obj);
        }
        CheckFieldNames(obj, type, allowed, location);
        var next = f.OptionalString(obj, "Next", location);
        var end = obj["End"] is { } e && (JsonValues.TryGetBoolean(e, out var eb) ? eb : f.Fail(false, $"{location}/End", "End must be a boolean"));
        if (allowed.Contains("Next"))
        {
            if (next is not null && end)
            {
                f.Invalid(location, "a state cannot have both Next and End");
            }
            else if (next is null && !end)
            {
                f.Invalid(location, "a non-terminal state needs Next or \"End\": true");
            }
        }
        var inputPath = f.PathOrNull(obj, "InputPath", location, reference: false);
        var outputPath = f.PathOrNull(obj, "OutputPath", location, reference: false);
        var header = new StateHeader(name, location, scopeKey, next, end, inputPath, outputPath);
        ScopeParser nested = (scope, at, key) => ParseScope(scope, at, key, jsonata: false);
        return type switch
        {
            "Pass" => PassStateParser.Parse(obj, header, f),
            "Task" => TaskStateParser.Parse(obj, header, f, _resourceProblem),
            "Choice" => ChoiceStateParser.Parse(obj, header, f),
            "Wait" => WaitStateParser.Parse(obj, header, f),
            "Succeed" => SucceedStateParser.Parse(header),
            "Fail" => FailStateParser.Parse(obj, header, f),
            "Parallel" => ParallelStateParser.Parse(obj, header, f, nested),
            "Map" => MapStateParser.Parse(obj, header, f, nested),
            _ => null,
        };
    }

    private void CheckFieldNames(JsonObject obj, string type, string[] allowed, string location)
    {
        foreach (var key in obj.Select(kv => kv.Key))
        {
            if (CommonFields.Contains(key) || allowed.Contains(key))
            {
                continue;
            }
            if (UnsupportedFields.Contains(key))
            {
                _fields.Unsupported($"{location}/{key}", $"'{key}' (JSONata, variables or Distributed Map) is not supported");
            }
            else
            {
                _fields.Invalid($"{location}/{key}", $"'{key}' is not a field of a {type} state");
            }
        }
    }

    /// <summary>A state in another query language: kept only for its transitions and whether it ends its scope.</summary>
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
}
