using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>
/// Map (inline mode): an ItemProcessor (or the older Iterator) runs once per item of ItemsPath, shaped by
/// ItemSelector (or the older Parameters), with MaxConcurrency and a tolerated failure count or percentage.
/// </summary>
internal static class MapStateParser
{
    public static readonly string[] Fields = ["InputPath", "OutputPath", "Next", "End", "ItemProcessor", "Iterator", "ItemsPath", "ItemSelector",
        "Parameters", "ResultSelector", "ResultPath", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailurePercentage",
        "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Retry", "Catch"];

    public static MapState? Parse(JsonObject obj, StateHeader h, DefinitionFields f, ScopeParser parseScope)
    {
        var location = h.Location;
        f.Exclusive(obj, location, "ItemProcessor", "Iterator");
        f.Exclusive(obj, location, "ItemSelector", "Parameters");
        f.Exclusive(obj, location, "MaxConcurrency", "MaxConcurrencyPath");
        f.Exclusive(obj, location, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath");
        f.Exclusive(obj, location, "ToleratedFailureCount", "ToleratedFailureCountPath");
        var processorField = obj.ContainsKey("ItemProcessor") ? "ItemProcessor" : "Iterator";
        if (obj[processorField] is not JsonObject processor)
        {
            f.Invalid($"{location}/ItemProcessor", "a Map state needs an ItemProcessor (or the older Iterator)");
            return null;
        }
        if (processor["ProcessorConfig"] is JsonObject config)
        {
            if (JsonValues.TryGetString(config["Mode"], out var mode) && mode != "INLINE")
            {
                f.Unsupported($"{location}/{processorField}/ProcessorConfig/Mode", $"Map mode '{mode}' is not supported (only INLINE)");
            }
        }
        foreach (var key in processor.Select(kv => kv.Key).Where(k => k is not ("StartAt" or "States" or "Comment" or "ProcessorConfig" or "QueryLanguage")))
        {
            f.Invalid($"{location}/{processorField}/{key}", $"'{key}' is not a field of an item processor");
        }
        var scope = parseScope(processor, $"{location}/{processorField}", $"{h.ScopeKey}/{h.Name}");
        double? percentage = null;
        if (obj["ToleratedFailurePercentage"] is { } pct)
        {
            if (!JsonValues.TryGetDouble(pct, out var p) || p is < 0 or > 100)
            {
                f.Invalid($"{location}/ToleratedFailurePercentage", "ToleratedFailurePercentage must be a number from 0 to 100");
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
            Name = h.Name, Type = "Map", Next = h.Next, End = h.End, InputPath = h.InputPath, OutputPath = h.OutputPath,
            Processor = scope,
            ItemsPath = f.PathOrNull(obj, "ItemsPath", location, reference: true),
            ItemSelector = f.Template(obj, obj.ContainsKey("ItemSelector") ? "ItemSelector" : "Parameters", location),
            ResultSelector = f.Template(obj, "ResultSelector", location),
            ResultPath = f.PathOrNull(obj, "ResultPath", location, reference: true),
            MaxConcurrency = obj["MaxConcurrency"] is { } mc ? f.PositiveInt(mc, $"{location}/MaxConcurrency", allowZero: true) ?? 0 : 0,
            MaxConcurrencyPath = f.ReferencePath(obj, "MaxConcurrencyPath", location),
            ToleratedFailurePercentage = percentage,
            ToleratedFailurePercentagePath = f.ReferencePath(obj, "ToleratedFailurePercentagePath", location),
            ToleratedFailureCount = obj["ToleratedFailureCount"] is { } tc ? f.PositiveInt(tc, $"{location}/ToleratedFailureCount", allowZero: true) : null,
            ToleratedFailureCountPath = f.ReferencePath(obj, "ToleratedFailureCountPath", location),
            Retry = RetryCatchParser.Retriers(obj, location, f),
            Catch = RetryCatchParser.Catchers(obj, location, f),
        };
    }
}
