using System.Collections.Concurrent;
using SmusServerless.Application.Pipeline;
using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.EventBridge;
using SmusServerless.Aws.Http;
using SmusServerless.Aws.S3;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Runtime;

namespace SmusServerless.Functions.Pipeline;

/// <summary>
/// The pipeline's Lambda handlers under the names template.yaml gives them: each decodes its input, runs its use case
/// (built by <see cref="PipelineComposition"/> on the function's adapters: AWS in Lambda (<see cref="ForAws"/>), the
/// local stack's offline) and encodes the result.
/// </summary>
public static class PipelineFunctions
{
    public static readonly IReadOnlyList<string> Names =
        ["start", "resolve", "provision", "subscribe", "deploy", "verify", "record-tests", "complete-target", "complete-run", "report-failure"];

    public static void Register(HandlerRegistry registry, Func<RuntimeServices, PipelineAdapters> adapters)
    {
        var context = PipelineJsonContext.Default;
        PipelineComposition Compose(RuntimeServices s) => new(adapters(s));
        Add(registry, "start", s => Compose(s).Start().RunAsync, context.JsonElement, context.StartResult);
        Add(registry, "resolve", s => Compose(s).Resolve().RunAsync, context.ResolveInput, context.DeploymentPlan);
        Add(registry, "provision", s => Compose(s).Provision().RunAsync, context.ProvisionInput, context.ProvisionResult);
        Add(registry, "subscribe", s => Compose(s).Subscribe().RunAsync, context.SubscribeInput, context.SubscribeResult);
        Add(registry, "deploy", s => Compose(s).Deploy().RunAsync, context.DeployInput, context.DeployResult);
        Add(registry, "verify", s => Compose(s).Verify().RunAsync, context.VerifyInput, context.VerifyResult);
        Add(registry, "record-tests", s => Compose(s).RecordTests().RunAsync, context.RecordTestsInput, context.TestSummary);
        Add(registry, "complete-target", s => Compose(s).CompleteTarget().RunAsync, context.CompleteTargetInput, context.TargetOutcome);
        Add(registry, "complete-run", s => Compose(s).CompleteRun().RunAsync, context.CompleteRunInput, context.TargetOutcomeArray);
        Add(registry, "report-failure", s => Compose(s).ReportFailure().RunAsync, context.ReportFailureInput, context.FailureReport);
    }

    /// <summary>The approval gate's tasks of the state machine, on a gate composed for where they run.</summary>
    public static void RegisterApprovalSteps(HandlerRegistry registry, Func<RuntimeServices, (PipelineAdapters Adapters, Approvals.ApprovalGate Gate)> compose)
    {
        var context = PipelineJsonContext.Default;
        var approvals = Approvals.ApprovalJsonContext.Default;
        Add(registry, "request-approval", s =>
        {
            var (adapters, gate) = compose(s);
            var step = new PipelineComposition(adapters).RequestApproval(gate.RequestHandler);
            return async (input, ct) => Approvals.ApprovalRequestHandler.Output(await step.RunAsync(input, ct).ConfigureAwait(false));
        }, context.GateInput, approvals.ApprovalRequestOutput);
        Add(registry, "expire-approval", s => new ExpireApprovalStep(compose(s).Gate.ExpiryHandler).RunAsync, context.GateTimeoutInput, approvals.ApprovalExpiryOutput);
    }

    /// <summary>
    /// Registers a step under its handler name; each invocation also writes the step's metrics (<see cref="StepMetrics"/>)
    /// under that name, and its log lines carry the run's correlation id and keys (<see cref="Hosting.PipelineLogKeys"/>).
    /// </summary>
    private static void Add<TIn, TOut>(HandlerRegistry registry, string name, Func<RuntimeServices, Func<TIn, CancellationToken, Task<TOut>>> step,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<TIn> input, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TOut> output) =>
        registry.Add(name, s => new PipelineStepHandler<TIn, TOut>(step(s), input, output, StepMetrics.For(name, s)), Hosting.PipelineLogKeys.Tasks());

    /// <summary>The AWS adapters, configured from the function's environment (template.yaml).</summary>
    public static PipelineAdapters ForAws(RuntimeServices runtime)
    {
        string? Get(string name) => runtime.Environment.Get(name);
        var settings = PipelineSettings.FromEnvironment(Get);
        var region = Get("AWS_REGION") ?? throw new InvalidOperationException("AWS_REGION is not set");
        var clients = new ConcurrentDictionary<string, IDataZoneClient>(StringComparer.Ordinal);
        var eventBridge = new EventBridgeClient(AwsClientOptions.ForRegion(region));
        return new PipelineAdapters(
            settings,
            S3ObjectStore.ForAws(region),
            r => clients.GetOrAdd(r, static r => new DataZoneClient(AwsClientOptions.ForRegion(r))),
            new EventBridgeLifecycleEvents(new EventBridgeBatchPublisher(eventBridge), settings.EventBusName, runtime.Time),
            new StepFunctionsClient(AwsClientOptions.ForRegion(region)),
            runtime.Time,
            new LambdaCallerIdentity(() => runtime.LogContext.FunctionArn));
    }
}
