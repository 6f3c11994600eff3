using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>Wait: exactly one of Seconds, SecondsPath, Timestamp, TimestampPath says how long.</summary>
internal static class WaitStateParser
{
    public static readonly string[] Fields = ["InputPath", "OutputPath", "Next", "End", "Seconds", "SecondsPath", "Timestamp", "TimestampPath"];

    public static WaitState Parse(JsonObject obj, StateHeader h, DefinitionFields f)
    {
        var location = h.Location;
        var given = new[] { "Seconds", "SecondsPath", "Timestamp", "TimestampPath" }.Where(obj.ContainsKey).ToList();
        if (given.Count != 1)
        {
            f.Invalid(location, given.Count == 0
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
                f.Invalid($"{location}/Timestamp", "Timestamp must be an RFC 3339 timestamp such as 2026-01-01T00:00:00Z");
            }
        }
        return new WaitState
        {
            Name = h.Name, Type = "Wait", Next = h.Next, End = h.End, InputPath = h.InputPath, OutputPath = h.OutputPath,
            Seconds = obj["Seconds"] is { } s ? f.PositiveInt(s, $"{location}/Seconds", allowZero: true) : null,
            SecondsPath = f.ReferencePath(obj, "SecondsPath", location),
            Timestamp = timestamp,
            TimestampPath = f.ReferencePath(obj, "TimestampPath", location),
        };
    }
}
