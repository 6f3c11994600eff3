using System.Diagnostics;
using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Tasks;

/// <summary>The port for EventBridge PutEvents (the local stack routes the events to its bus).</summary>
public interface IEventBridgePublisher
{
    /// <summary>Publishes PutEvents entries (Source, DetailType, Detail, EventBusName, ...); returns one event id per entry.</summary>
    Task<IReadOnlyList<string>> PutEventsAsync(JsonArray entries, CancellationToken cancellationToken);
}

/// <summary>An in-memory bus that keeps every published entry (the default when no bus is wired).</summary>
public sealed class RecordingEventBridgePublisher : IEventBridgePublisher
{
    private readonly List<JsonObject> _entries = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<JsonObject> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries.ToList();
            }
        }
    }

    public Task<IReadOnlyList<string>> PutEventsAsync(JsonArray entries, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        lock (_gate)
        {
            foreach (var entry in entries.OfType<JsonObject>())
            {
                _entries.Add((JsonObject)entry.DeepClone());
                ids.Add(Guid.NewGuid().ToString("D"));
            }
        }
        return Task.FromResult<IReadOnlyList<string>>(ids);
    }
}

/// <summary><c>arn:aws:states:::events:putEvents</c>: result <c>{Entries:[{EventId}], FailedEntryCount}</c>.</summary>
public sealed class EventBridgeTaskResource(IEventBridgePublisher publisher) : ITaskResource
{
    public bool CanRun(TaskResourceName resource)
        => resource is { Service: "events", Api: "putEvents", Pattern: IntegrationPattern.RequestResponse };

    public async Task<TaskOutcome> RunAsync(TaskRequest request, ITaskHost host, CancellationToken cancellationToken)
    {
        if (request.Parameters is not JsonObject parameters || parameters["Entries"] is not JsonArray entries || entries.Count == 0)
        {
            return new TaskOutcome.Failed("EventBridge.ValidationException", "events:putEvents needs Parameters with a non-empty Entries array");
        }
        foreach (var entry in entries)
        {
            if (entry is JsonObject e && e["Detail"] is JsonObject detail)
            {
                // Step Functions serializes an object Detail to the JSON string PutEvents expects.
                e["Detail"] = JsonValues.ToJson(detail);
            }
        }
        var ids = await publisher.PutEventsAsync(entries, cancellationToken).ConfigureAwait(false);
        return new TaskOutcome.Succeeded(new JsonObject
        {
            ["Entries"] = new JsonArray(ids.Select(id => (JsonNode?)new JsonObject { ["EventId"] = id }).ToArray()),
            ["FailedEntryCount"] = 0,
        });
    }
}

/// <summary>
/// <c>arn:aws:states:::states:startExecution</c> (returns ExecutionArn and StartDate) and its <c>.sync</c> /
/// <c>.sync:2</c> forms (wait for the child execution in the same engine).
/// </summary>
public sealed class StartExecutionTaskResource : ITaskResource
{
    public bool CanRun(TaskResourceName resource) => resource is { Service: "states", Api: "startExecution" };

    public async Task<TaskOutcome> RunAsync(TaskRequest request, ITaskHost host, CancellationToken cancellationToken)
    {
        if (request.Parameters is not JsonObject parameters || !JsonValues.TryGetString(parameters["StateMachineArn"], out var arn))
        {
            return new TaskOutcome.Failed("StepFunctions.ValidationException", "states:startExecution needs Parameters with a StateMachineArn");
        }
        var input = parameters["Input"] switch
        {
            null => "{}",
            JsonValue v when JsonValues.TryGetString(v, out var s) => s,
            var node => JsonValues.ToJson(node),
        };
        JsonValues.TryGetString(parameters["Name"], out var name);
        try
        {
            var (executionArn, startDate) = await host.StartChildExecutionAsync(arn, string.IsNullOrEmpty(name) ? null : name, input,
                request.ExecutionArn, cancellationToken).ConfigureAwait(false);
            if (request.Resource.Pattern is IntegrationPattern.Sync or IntegrationPattern.Sync2)
            {
                return new TaskOutcome.ChildExecutionStarted(executionArn);
            }
            return new TaskOutcome.Succeeded(new JsonObject
            {
                ["ExecutionArn"] = executionArn,
                ["StartDate"] = startDate.ToUnixTimeMilliseconds(),
            });
        }
        catch (StepFunctionsException ex)
        {
            return new TaskOutcome.Failed($"StepFunctions.{ex.ErrorCode}", ex.Message);
        }
    }
}

/// <summary>The outcome of a local build.</summary>
public sealed record LocalBuildResult(bool Succeeded, int ExitCode, string Logs);

/// <summary>Runs a CodeBuild project locally (the tests stage of the pipeline runs pytest this way offline).</summary>
public interface ILocalBuildRunner
{
    Task<LocalBuildResult> RunAsync(string projectName, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken);
}

/// <summary>Maps each CodeBuild project name to a local shell command; environment overrides become variables.</summary>
public sealed class CommandLineBuildRunner(IReadOnlyDictionary<string, string> commandsByProject, string? workingDirectory = null) : ILocalBuildRunner
{
    public async Task<LocalBuildResult> RunAsync(string projectName, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        if (!commandsByProject.TryGetValue(projectName, out var command))
        {
            return new LocalBuildResult(false, -1, $"No local command is configured for the CodeBuild project '{projectName}'");
        }
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("/bin/sh could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var logs = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        return new LocalBuildResult(process.ExitCode == 0, process.ExitCode, logs);
    }
}

/// <summary>
/// <c>arn:aws:states:::codebuild:startBuild.sync</c> run by an <see cref="ILocalBuildRunner"/>; the output is a
/// <c>{Build:{...}}</c> object like StartBuild/BatchGetBuilds; a failed build fails the task (States.TaskFailed).
/// </summary>
public sealed class CodeBuildTaskResource(ILocalBuildRunner runner, TimeProvider clock) : ITaskResource
{
    public bool CanRun(TaskResourceName resource)
        => resource is { Service: "codebuild", Api: "startBuild", Pattern: IntegrationPattern.Sync or IntegrationPattern.Sync2 };

    public async Task<TaskOutcome> RunAsync(TaskRequest request, ITaskHost host, CancellationToken cancellationToken)
    {
        if (request.Parameters is not JsonObject parameters || !JsonValues.TryGetString(parameters["ProjectName"], out var project))
        {
            return new TaskOutcome.Failed("CodeBuild.InvalidInputException", "codebuild:startBuild needs Parameters with a ProjectName");
        }
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (parameters["EnvironmentVariablesOverride"] is JsonArray overrides)
        {
            foreach (var item in overrides.OfType<JsonObject>())
            {
                if (JsonValues.TryGetString(item["Name"], out var key))
                {
                    environment[key] = item["Value"] is JsonValue v && JsonValues.TryGetString(v, out var s) ? s : JsonValues.ToJson(item["Value"]);
                }
            }
        }
        var start = clock.GetUtcNow();
        var result = await runner.RunAsync(project, environment, cancellationToken).ConfigureAwait(false);
        var id = $"{project}:{Guid.NewGuid():D}";
        var build = new JsonObject
        {
            ["Id"] = id,
            ["Arn"] = $"arn:aws:codebuild:us-east-1:123456789012:build/{id}",
            ["ProjectName"] = project,
            ["BuildStatus"] = result.Succeeded ? "SUCCEEDED" : "FAILED",
            ["CurrentPhase"] = "COMPLETED",
            ["BuildComplete"] = true,
            ["StartTime"] = start.ToUnixTimeMilliseconds(),
            ["EndTime"] = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            ["Environment"] = new JsonObject
            {
                ["EnvironmentVariables"] = new JsonArray(environment.Select(kv =>
                    (JsonNode?)new JsonObject { ["Name"] = kv.Key, ["Value"] = kv.Value, ["Type"] = "PLAINTEXT" }).ToArray()),
            },
            ["Logs"] = new JsonObject { ["ExitCode"] = result.ExitCode, ["Tail"] = Tail(result.Logs) },
        };
        var output = new JsonObject { ["Build"] = build };
        return result.Succeeded
            ? new TaskOutcome.Succeeded(output)
            : new TaskOutcome.Failed("States.TaskFailed", JsonValues.ToJson(output));
    }

    private static string Tail(string logs) => logs.Length <= 4096 ? logs : logs[^4096..];
}
