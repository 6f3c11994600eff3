using System.Text.Json.Nodes;
using SmusServerless.Aws.Errors;
using SmusServerless.Aws.StepFunctions;

namespace SmusServerless.Cli.Deploying;

/// <summary>How a followed execution ended, or that it waits at an approval gate (<see cref="GateTarget"/>).</summary>
public sealed record ExecutionOutcome(string ExecutionArn, string Status, string? Error, string? Cause, string? GateTarget)
{
    public bool Succeeded => Status == "SUCCEEDED";
}

/// <summary>
/// Follows one execution with DescribeExecution and GetExecutionHistory, printing each state it enters. Every wait is
/// on the given clock (tests pass a fake one), and finding the execution is bounded: an upload that starts nothing
/// is reported, not waited on forever.
/// </summary>
public sealed class ExecutionFollower(IStepFunctionsClient stepFunctions, TimeProvider clock, Action<string> print)
{
    /// <summary>The gated state of statemachines/deployment-pipeline.asl.json.</summary>
    public const string ApprovalState = "Request approval";

    public static TimeSpan PollInterval { get; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the start function may take to start the execution after the upload.</summary>
    public static TimeSpan StartTimeout { get; } = TimeSpan.FromMinutes(2);

    /// <summary>arn:…:stateMachine:M + name → arn:…:execution:M:name.</summary>
    public static string ArnOf(string stateMachineArn, string executionName) =>
        stateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + executionName;

    public async Task<ExecutionOutcome> FollowAsync(string executionArn, bool waitForApproval, CancellationToken cancellationToken)
    {
        await WaitForStartAsync(executionArn, cancellationToken).ConfigureAwait(false);
        print($"following {executionArn}");
        long lastEvent = 0;
        string? gateTarget = null;
        while (true)
        {
            // History first, then the status: a run that ended has its whole history printed before the outcome.
            await foreach (var e in stepFunctions.GetExecutionHistoryPaginatedAsync(new GetExecutionHistoryInput { ExecutionArn = executionArn }, cancellationToken).ConfigureAwait(false))
            {
                if (e.Id is not { } id || id <= lastEvent)
                    continue;
                lastEvent = id;
                if (e.StateEnteredEventDetails is { Name: { } entered } details)
                {
                    var target = TargetOf(details.Input);
                    print(target is null ? $"  step {entered}" : $"  step {entered}  target={target}");
                    if (entered == ApprovalState)
                        gateTarget = target ?? "?";
                }
                else if (e.StateExitedEventDetails is { Name: ApprovalState })
                    gateTarget = null;
            }
            var execution = await stepFunctions.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = executionArn }, cancellationToken).ConfigureAwait(false);
            if (execution.Status != "RUNNING")
                return new ExecutionOutcome(executionArn, execution.Status ?? "UNKNOWN", execution.Error, execution.Cause, null);
            if (gateTarget is not null && !waitForApproval)
                return new ExecutionOutcome(executionArn, "RUNNING", null, null, gateTarget);
            await Task.Delay(PollInterval, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitForStartAsync(string executionArn, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        while (true)
        {
            try
            {
                await stepFunctions.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = executionArn }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ExecutionDoesNotExist")
            {
                if (clock.GetElapsedTime(started) >= StartTimeout)
                    throw new CommandFailedException(new Output.CliError(Output.CliErrorKinds.Storage,
                        $"the upload started no execution within {StartTimeout.TotalMinutes:0} minutes ({executionArn}): see the pipeline's Deployment Failed events or the start function's logs"));
            }
            await Task.Delay(PollInterval, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? TargetOf(string? input)
    {
        if (string.IsNullOrEmpty(input))
            return null;
        try
        {
            return JsonNode.Parse(input)?["target"]?["name"]?.GetValue<string>();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
