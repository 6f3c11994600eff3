using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmusServerless.Local.Events;

/// <summary>
/// Local EventBridge: turns PutEvents entries into events (the envelope EventBridge delivers: version, id,
/// detail-type, source, account, time, region, resources, detail), routes them to the targets of matching rules and
/// appends them to the event log (<c>events.jsonl</c> in the state directory, when there is one).
/// </summary>
public sealed class EventBus(string accountId, string region, TimeProvider timeProvider, string? stateDirectory = null)
{
    /// <summary>PutEvents' limit for one entry (and the whole request).</summary>
    public const int MaxEntryBytes = 256 * 1024;

    private readonly Lock _gate = new();
    private readonly List<EventRule> _rules = [];
    private readonly List<JsonObject> _log = [];

    public void AddRule(EventRule rule)
    {
        lock (_gate)
        {
            if (_rules.Any(r => r.Name == rule.Name && r.EventBusName == rule.EventBusName))
            {
                throw new InvalidOperationException($"A rule named '{rule.Name}' already exists on event bus '{rule.EventBusName}'.");
            }

            _rules.Add(rule);
        }
    }

    /// <summary>Every event accepted so far, in order.</summary>
    public IReadOnlyList<JsonObject> Log
    {
        get
        {
            lock (_gate)
            {
                return _log.Select(e => (JsonObject)e.DeepClone()).ToArray();
            }
        }
    }

    public string? LogPath => stateDirectory is null ? null : Path.Combine(stateDirectory, "events.jsonl");

    /// <summary>Accepts one PutEvents entry (PascalCase members as on the wire); returns the result entry.</summary>
    public async Task<JsonObject> PutAsync(JsonObject entry, CancellationToken cancellationToken)
    {
        if (Rejection(entry) is { } rejection)
        {
            return rejection;
        }

        var busName = BusName((string?)entry["EventBusName"]);
        var time = entry["Time"] is { } t ? Endpoints.Protocol.ShapeProjector.ReadTimestamp(t) : timeProvider.GetUtcNow();
        var @event = new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = (string?)entry["DetailType"],
            ["source"] = (string?)entry["Source"],
            ["account"] = accountId,
            ["time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["region"] = region,
            ["resources"] = entry["Resources"]?.DeepClone() ?? new JsonArray(),
            ["detail"] = JsonNode.Parse((string)entry["Detail"]!),
        };

        EventRule[] matching;
        lock (_gate)
        {
            _log.Add((JsonObject)@event.DeepClone());
            matching = _rules.Where(r => r.EventBusName == busName && r.Pattern.Matches(@event)).ToArray();
        }

        if (LogPath is { } path)
        {
            await AppendLogAsync(path, @event, cancellationToken).ConfigureAwait(false);
        }

        foreach (var rule in matching)
        {
            await rule.Target.DeliverAsync((JsonObject)@event.DeepClone(), cancellationToken).ConfigureAwait(false);
        }

        return new JsonObject { ["EventId"] = (string)@event["id"]! };
    }

    private static JsonObject? Rejection(JsonObject entry)
    {
        foreach (var required in new[] { "Source", "DetailType", "Detail" })
        {
            if (entry[required] is not JsonValue v || string.IsNullOrEmpty(v.GetValue<string>()))
            {
                return Failed("InvalidArgument", $"Parameter {required} is not valid. Reason: {required} is a required argument.");
            }
        }

        try
        {
            if (JsonNode.Parse((string)entry["Detail"]!) is not JsonObject)
            {
                return Failed("MalformedDetail", "Detail is malformed: it must be a JSON object.");
            }
        }
        catch (JsonException)
        {
            return Failed("MalformedDetail", "Detail is malformed: it is not valid JSON.");
        }

        if (Encoding.UTF8.GetByteCount(entry.ToJsonString()) > MaxEntryBytes)
        {
            return Failed("EventTooLarge", $"The event is larger than {MaxEntryBytes} bytes.");
        }

        return null;
    }

    private static JsonObject Failed(string code, string message) => new() { ["ErrorCode"] = code, ["ErrorMessage"] = message };

    /// <summary>A bus is named by name or ARN; no name means the default bus.</summary>
    private static string BusName(string? nameOrArn) =>
        string.IsNullOrEmpty(nameOrArn) ? "default" : nameOrArn.Contains(":event-bus/", StringComparison.Ordinal) ? nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..] : nameOrArn;

    private static async Task AppendLogAsync(string path, JsonObject @event, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(@event.ToJsonString() + "\n"), cancellationToken).ConfigureAwait(false);
    }
}
