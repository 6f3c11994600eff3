using System.Text.Json.Nodes;

namespace SmusServerless.Local.StepFunctions.Execution;

/// <summary>Appends GetExecutionHistory events; each event points at the previous event of its branch.</summary>
internal sealed class ExecutionHistory(ExecutionSession run)
{
    public void Emit(BranchRecord b, string type, string? detailsKey, JsonObject? details)
    {
        var rec = run.Record;
        var id = rec.Events.Count + 1;
        rec.Events.Add(new HistoryEvent(id, b.LastEventId, run.Now, type, detailsKey, details));
        b.LastEventId = id;
    }

    /// <summary>Task outcome events: LambdaFunction* for a plain Lambda function ARN, Task* for service integrations.</summary>
    public void TaskEvent(BranchRecord b, string outcome, JsonObject details)
    {
        if (b.ResourceType is null)
        {
            var key = outcome switch
            {
                "Succeeded" => "lambdaFunctionSucceededEventDetails",
                "Failed" => "lambdaFunctionFailedEventDetails",
                _ => "lambdaFunctionTimedOutEventDetails",
            };
            Emit(b, $"LambdaFunction{outcome}", key, details);
            return;
        }
        details["resourceType"] = b.ResourceType;
        details["resource"] = b.ResourceName;
        var taskKey = outcome switch
        {
            "Succeeded" => "taskSucceededEventDetails",
            "Failed" => "taskFailedEventDetails",
            _ => "taskTimedOutEventDetails",
        };
        Emit(b, $"Task{outcome}", taskKey, details);
    }

    public static JsonObject Exited(string name, string? output)
        => new() { ["name"] = name, ["output"] = output, ["outputDetails"] = NotTruncated() };

    public static JsonObject NotTruncated() => new() { ["truncated"] = false };
}
