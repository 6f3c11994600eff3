using SmusServerless.Application.Ports;
using SmusServerless.Aws.Errors;
using SmusServerless.Aws.StepFunctions;

namespace SmusServerless.Aws.Adapters;

/// <summary>Starts executions through Step Functions' StartExecution; ExecutionAlreadyExists means the name was used.</summary>
public sealed class StepFunctionsExecutionStarter(IStepFunctionsClient stepFunctions) : IExecutionStarter
{
    public async Task<ExecutionStart> StartAsync(string stateMachineArn, string name, string inputJson, CancellationToken cancellationToken)
    {
        try
        {
            var started = await stepFunctions.StartExecutionAsync(new StartExecutionInput { StateMachineArn = stateMachineArn, Name = name, Input = inputJson }, cancellationToken).ConfigureAwait(false);
            return new ExecutionStart(started.ExecutionArn, false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ExecutionAlreadyExists")
        {
            return new ExecutionStart(null, true);
        }
    }
}
