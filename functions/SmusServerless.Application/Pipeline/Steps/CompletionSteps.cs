using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Pipeline.Steps;

/// <summary>Announces a deployed target ("Target Deployed").</summary>
public sealed class CompleteTargetStep(ILifecycleEvents events)
{
    public async Task<TargetOutcome> RunAsync(CompleteTargetInput input, CancellationToken cancellationToken)
    {
        var detail = LifecycleDetail.For(input.Run, input.ExecutionArn) with
        {
            Target = input.Target.Name, Stage = input.Target.Stage, Deployment = input.Deployment, Tests = input.TestResults,
        };
        await events.PublishAsync(LifecycleEvents.TargetDeployed, detail, cancellationToken).ConfigureAwait(false);
        return new TargetOutcome(input.Target.Name, input.Target.Stage, input.Deployment, input.TestResults);
    }
}

/// <summary>Announces a run that reached every target ("Deployment Succeeded").</summary>
public sealed class CompleteRunStep(ILifecycleEvents events)
{
    public async Task<TargetOutcome[]> RunAsync(CompleteRunInput input, CancellationToken cancellationToken)
    {
        var outcomes = input.TargetResults?.ToArray() ?? [];
        var detail = LifecycleDetail.For(input.Run, input.ExecutionArn) with { Targets = [.. outcomes.Select(o => o.Target)] };
        await events.PublishAsync(LifecycleEvents.DeploymentSucceeded, detail, cancellationToken).ConfigureAwait(false);
        return outcomes;
    }
}
