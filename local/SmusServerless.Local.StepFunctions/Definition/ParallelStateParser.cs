using System.Text.Json.Nodes;

namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>Parses a nested scope (a Parallel branch or a Map processor): its object, its location, its scope key.</summary>
internal delegate StatesScope? ScopeParser(JsonObject scope, string location, string key);

/// <summary>Parallel: branches (each its own scope of states) run on the same input; the result is their outputs in order.</summary>
internal static class ParallelStateParser
{
    public static readonly string[] Fields = ["InputPath", "OutputPath", "Next", "End", "Branches", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch"];

    public static ParallelState? Parse(JsonObject obj, StateHeader h, DefinitionFields f, ScopeParser parseScope)
    {
        var location = h.Location;
        if (obj["Branches"] is not JsonArray branches || branches.Count == 0)
        {
            f.Invalid($"{location}/Branches", "a Parallel state needs a non-empty Branches array");
            return null;
        }
        var scopes = new List<StatesScope>();
        for (var i = 0; i < branches.Count; i++)
        {
            if (branches[i] is not JsonObject branch)
            {
                f.Invalid($"{location}/Branches/{i}", "a branch must be a JSON object with StartAt and States");
                continue;
            }
            foreach (var key in branch.Select(kv => kv.Key).Where(k => k is not ("StartAt" or "States" or "Comment" or "QueryLanguage")))
            {
                f.Invalid($"{location}/Branches/{i}/{key}", $"'{key}' is not a field of a branch");
            }
            var scope = parseScope(branch, $"{location}/Branches/{i}", $"{h.ScopeKey}/{h.Name}[{i}]");
            if (scope is not null)
            {
                scopes.Add(scope);
            }
        }
        return new ParallelState
        {
            Name = h.Name, Type = "Parallel", Next = h.Next, End = h.End, InputPath = h.InputPath, OutputPath = h.OutputPath,
            Branches = scopes,
            Parameters = f.Template(obj, "Parameters", location),
            ResultSelector = f.Template(obj, "ResultSelector", location),
            ResultPath = f.PathOrNull(obj, "ResultPath", location, reference: true),
            Retry = RetryCatchParser.Retriers(obj, location, f),
            Catch = RetryCatchParser.Catchers(obj, location, f),
        };
    }
}
