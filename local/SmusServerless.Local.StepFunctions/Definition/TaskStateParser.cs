using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>Task: a Resource ARN the engine can run, its request template, deadlines, Retry and Catch.</summary>
internal static partial class TaskStateParser
{
    public static readonly string[] Fields = ["InputPath", "OutputPath", "Next", "End", "Resource", "Parameters", "ResultSelector", "ResultPath",
        "Retry", "Catch", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials"];

    /// <param name="resourceProblem">Why a Resource cannot run locally, or null when it can.</param>
    public static TaskState? Parse(JsonObject obj, StateHeader h, DefinitionFields f, Func<string, string?> resourceProblem)
    {
        var location = h.Location;
        if (obj["Resource"] is JsonObject)
        {
            f.Unsupported($"{location}/Resource", "the Resource is a CloudFormation intrinsic function; substitute it before running");
            return new TaskState { Name = h.Name, Type = "Task", Next = h.Next, End = h.End, Resource = "", Catch = RetryCatchParser.Catchers(obj, location, f) };
        }
        if (!JsonValues.TryGetString(obj["Resource"], out var resource) || resource.Length == 0)
        {
            f.Invalid($"{location}/Resource", "a Task needs a Resource URI");
            return null;
        }
        CheckResource(resource, location, f, resourceProblem);
        if (obj.ContainsKey("Credentials"))
        {
            if (obj["Credentials"] is not JsonObject)
            {
                f.Invalid($"{location}/Credentials", "Credentials must be a JSON object");
            }
            else
            {
                f.Template(obj, "Credentials", location);
            }
        }
        f.Exclusive(obj, location, "TimeoutSeconds", "TimeoutSecondsPath");
        f.Exclusive(obj, location, "HeartbeatSeconds", "HeartbeatSecondsPath");
        var timeout = obj["TimeoutSeconds"] is { } ts ? f.PositiveInt(ts, $"{location}/TimeoutSeconds", allowZero: false) : null;
        var heartbeat = obj["HeartbeatSeconds"] is { } hs ? f.PositiveInt(hs, $"{location}/HeartbeatSeconds", allowZero: false) : null;
        if (timeout is not null && heartbeat is not null && heartbeat >= timeout)
        {
            f.Invalid($"{location}/HeartbeatSeconds", "HeartbeatSeconds must be smaller than TimeoutSeconds");
        }
        return new TaskState
        {
            Name = h.Name, Type = "Task", Next = h.Next, End = h.End, InputPath = h.InputPath, OutputPath = h.OutputPath,
            Resource = resource,
            Parameters = f.Template(obj, "Parameters", location),
            ResultSelector = f.Template(obj, "ResultSelector", location),
            ResultPath = f.PathOrNull(obj, "ResultPath", location, reference: true),
            TimeoutSeconds = timeout,
            TimeoutSecondsPath = f.ReferencePath(obj, "TimeoutSecondsPath", location),
            HeartbeatSeconds = heartbeat,
            HeartbeatSecondsPath = f.ReferencePath(obj, "HeartbeatSecondsPath", location),
            Retry = RetryCatchParser.Retriers(obj, location, f),
            Catch = RetryCatchParser.Catchers(obj, location, f),
        };
    }

    private static void CheckResource(string resource, string location, DefinitionFields f, Func<string, string?> resourceProblem)
    {
        if (PlaceholderRegex().IsMatch(resource))
        {
            f.Unsupported($"{location}/Resource", $"'{resource}' is an unresolved DefinitionSubstitutions placeholder; substitute it before running");
        }
        else if (!resource.StartsWith("arn:", StringComparison.Ordinal))
        {
            f.Invalid($"{location}/Resource", $"'{resource}' is not an ARN");
        }
        else if (resource.Contains(":lambda:", StringComparison.Ordinal) && resource.Contains(":function:", StringComparison.Ordinal)
                 && Tasks.TaskResourceName.TryParse(resource) is null)
        {
            f.Invalid($"{location}/Resource", $"'{resource}' is not a valid Lambda function ARN (function name, then an optional version or alias)");
        }
        else if (resourceProblem(resource) is { } problem)
        {
            f.Unsupported($"{location}/Resource", problem);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\$\{[A-Za-z0-9_.:-]+\}$")]
    private static partial System.Text.RegularExpressions.Regex PlaceholderRegex();
}
