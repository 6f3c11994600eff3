using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SmusServerless.Local.StepFunctions.Tasks;

/// <summary>How Step Functions waits for a service integration.</summary>
public enum IntegrationPattern
{
    RequestResponse,
    WaitForTaskToken,
    Sync,
    Sync2,
}

/// <summary>
/// A parsed Task Resource: an optimized integration <c>arn:aws:states:::service:api[.waitForTaskToken|.sync|.sync:2]</c>,
/// an AWS SDK integration <c>arn:aws:states:::aws-sdk:service:action</c> (Service is then <c>aws-sdk:service</c>),
/// or a plain Lambda function ARN.
/// </summary>
public sealed partial record TaskResourceName(string Resource, string Service, string Api, IntegrationPattern Pattern, bool IsLambdaFunctionArn)
{
    /// <summary>The "resource" shown in task history events, e.g. <c>invoke.waitForTaskToken</c>.</summary>
    public string HistoryResource => IsLambdaFunctionArn ? Resource : Api + Pattern switch
    {
        IntegrationPattern.WaitForTaskToken => ".waitForTaskToken",
        IntegrationPattern.Sync => ".sync",
        IntegrationPattern.Sync2 => ".sync:2",
        _ => "",
    };

    public static TaskResourceName? TryParse(string resource)
    {
        var m = IntegrationRegex().Match(resource);
        if (m.Success)
        {
            var api = m.Groups["api"].Value;
            var suffix = m.Groups["suffix"].Value;
            var pattern = suffix switch
            {
                ".waitForTaskToken" => IntegrationPattern.WaitForTaskToken,
                ".sync" => IntegrationPattern.Sync,
                ".sync:2" => IntegrationPattern.Sync2,
                _ => IntegrationPattern.RequestResponse,
            };
            return new TaskResourceName(resource, m.Groups["service"].Value, api, pattern, false);
        }
        var fn = LambdaArnRegex().Match(resource);
        if (fn.Success)
        {
            return new TaskResourceName(resource, "lambda", "function", IntegrationPattern.RequestResponse, true);
        }
        return null;
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:states:[a-z0-9-]*:[0-9]*:(?<service>aws-sdk:[a-z0-9-]+|[a-z0-9-]+):(?<api>[A-Za-z0-9]+)(?<suffix>\.waitForTaskToken|\.sync:2|\.sync)?$")]
    private static partial Regex IntegrationRegex();

    [GeneratedRegex(@"^arn:aws[a-z-]*:lambda:[a-z0-9-]*:[0-9]*:function:[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]+))?$")]
    private static partial Regex LambdaArnRegex();
}

/// <summary>What a task resource is asked to do.</summary>
public sealed record TaskRequest(
    TaskResourceName Resource,
    JsonNode? Parameters,
    string ExecutionArn,
    string StateName,
    int? TimeoutSeconds);

/// <summary>What happened to a task.</summary>
public abstract record TaskOutcome
{
    public sealed record Succeeded(JsonNode? Output) : TaskOutcome;

    public sealed record Failed(string Error, string Cause) : TaskOutcome;

    /// <summary>The task started a child execution (states:startExecution.sync) and waits for it.</summary>
    public sealed record ChildExecutionStarted(string ExecutionArn) : TaskOutcome;
}

/// <summary>An extension point: one service integration (or a family of them).</summary>
public interface ITaskResource
{
    /// <summary>True when this resource runs <paramref name="resource"/>, including its integration pattern.</summary>
    bool CanRun(TaskResourceName resource);

    Task<TaskOutcome> RunAsync(TaskRequest request, ITaskHost host, CancellationToken cancellationToken);
}

/// <summary>What the engine offers task resources (child executions for states:startExecution).</summary>
public interface ITaskHost
{
    /// <summary>Starts an execution of another state machine in the same engine; returns its ARN and start date.</summary>
    Task<(string ExecutionArn, DateTimeOffset StartDate)> StartChildExecutionAsync(
        string stateMachineArn, string? name, string input, string parentExecutionArn, CancellationToken cancellationToken);
}

/// <summary>Resolves Task resources to the registered <see cref="ITaskResource"/> that runs them.</summary>
public sealed class TaskResourceRegistry
{
    private readonly List<ITaskResource> _resources = [];

    public TaskResourceRegistry Add(ITaskResource resource)
    {
        _resources.Add(resource);
        return this;
    }

    public ITaskResource? Find(TaskResourceName name)
    {
        // waitForTaskToken is handled by the engine around the underlying request-response call.
        var probe = name.Pattern == IntegrationPattern.WaitForTaskToken ? name with { Pattern = IntegrationPattern.RequestResponse } : name;
        return _resources.FirstOrDefault(r => r.CanRun(probe));
    }

    /// <summary>Null when the resource can run here, else why not.</summary>
    public string? Problem(string resource)
    {
        var name = TaskResourceName.TryParse(resource);
        if (name is null)
        {
            return $"'{resource}' is not a Step Functions service integration ARN or a Lambda function ARN";
        }
        return Find(name) is null ? $"the resource '{resource}' has no local implementation" : null;
    }
}
