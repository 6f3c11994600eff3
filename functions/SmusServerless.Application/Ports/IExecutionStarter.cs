namespace SmusServerless.Application.Ports;

/// <summary>Starts executions of the deployment state machine (Step Functions on AWS, the local engine offline).</summary>
public interface IExecutionStarter
{
    /// <summary>Starts one execution by name; a name already used means the execution exists (the event came twice).</summary>
    Task<ExecutionStart> StartAsync(string stateMachineArn, string name, string inputJson, CancellationToken cancellationToken);
}

/// <summary>The started execution's ARN, or <see cref="AlreadyExists"/> when one of that name exists.</summary>
public sealed record ExecutionStart(string? ExecutionArn, bool AlreadyExists);
