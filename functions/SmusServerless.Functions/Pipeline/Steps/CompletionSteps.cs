using SmusServerless.Core.Pipeline;

namespace SmusServerless.Functions.Pipeline.Steps;

/// <summary>Announces a deployed target ("Target Deployed").</summary>
public sealed class CompleteTargetStep(PipelineServices services)
{
    public async Task<TargetOutcome> RunAsync(CompleteTargetInput input, CancellationToken cancellationToken)
    {
        var detail = LifecycleDetail.For(input.Run, input.ExecutionArn) with
        {
            Target = input.Target.Name, Stage = input.Target.Stage, Deployment = input.Deployment, Tests = input.TestResults,
        };
        await services.PublishAsync(LifecycleEvents.TargetDeployed, detail.ToJson(), cancellationToken).ConfigureAwait(false);
        return new TargetOutcome(input.Target.Name, input.Target.Stage, input.Deployment, input.TestResults);
    }
}

/// <summary>Announces a run that reached every target ("Deployment Succeeded").</summary>
public sealed class CompleteRunStep(PipelineServices services)
{
    public async Task<TargetOutcome[]> RunAsync(CompleteRunInput input, CancellationToken cancellationToken)
    {
        var outcomes = input.TargetResults?.ToArray() ?? [];
        var detail = LifecycleDetail.For(input.Run, input.ExecutionArn) with { Targets = [.. outcomes.Select(o => o.Target)] };
        await services.PublishAsync(LifecycleEvents.DeploymentSucceeded, detail.ToJson(), cancellationToken).ConfigureAwait(false);
        return outcomes;
    }
}
