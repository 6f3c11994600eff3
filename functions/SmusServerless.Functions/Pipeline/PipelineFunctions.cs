using System.Collections.Concurrent;
using System.Text.Json;
using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.EventBridge;
using SmusServerless.Aws.Http;
using SmusServerless.Aws.S3;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Functions.Pipeline.Steps;
using SmusServerless.Runtime;

namespace SmusServerless.Functions.Pipeline;

/// <summary>
/// The pipeline's Lambda handlers under the names template.yaml gives them, built on one <see cref="PipelineServices"/>:
/// AWS adapters in Lambda (<see cref="ForAws"/>), the local stack's offline.
/// </summary>
public static class PipelineFunctions
{
    public static readonly IReadOnlyList<string> Names =
        ["start", "resolve", "provision", "subscribe", "deploy", "verify", "record-tests", "complete-target", "complete-run", "report-failure"];

    public static void Register(HandlerRegistry registry, Func<RuntimeServices, PipelineServices> services)
    {
        var context = PipelineJsonContext.Default;
        Add(registry, "start", s => new StartStep(services(s)).RunAsync, context.JsonElement, context.StartResult);
        Add(registry, "resolve", s => new ResolveStep(services(s)).RunAsync, context.ResolveInput, context.DeploymentPlan);
        Add(registry, "provision", s => new ProvisionStep(services(s)).RunAsync, context.ProvisionInput, context.ProvisionResult);
        Add(registry, "subscribe", s => new SubscribeStep(services(s)).RunAsync, context.SubscribeInput, context.SubscribeResult);
        Add(registry, "deploy", s => new DeployStep(services(s)).RunAsync, context.DeployInput, context.DeployResult);
        Add(registry, "verify", s => new VerifyStep(services(s)).RunAsync, context.VerifyInput, context.VerifyResult);
        Add(registry, "record-tests", s => new RecordTestsStep(services(s)).RunAsync, context.RecordTestsInput, context.TestSummary);
        Add(registry, "complete-target", s => new CompleteTargetStep(services(s)).RunAsync, context.CompleteTargetInput, context.TargetOutcome);
        Add(registry, "complete-run", s => new CompleteRunStep(services(s)).RunAsync, context.CompleteRunInput, context.TargetOutcomeArray);
        Add(registry, "report-failure", s => new ReportFailureStep(services(s)).RunAsync, context.ReportFailureInput, context.FailureReport);
    }

    /// <summary>The approval gate's tasks of the state machine, on a gate composed for where they run.</summary>
    public static void RegisterApprovalSteps(HandlerRegistry registry, Func<RuntimeServices, (PipelineServices Services, Approvals.ApprovalGate Gate)> compose)
    {
        var context = PipelineJsonContext.Default;
        var approvals = Approvals.ApprovalJsonContext.Default;
        Add(registry, "request-approval", s =>
        {
            var (services, gate) = compose(s);
            // The approval is stored as its execution's, so the approver's page views log under the run's correlation id.
            return (input, ct) => new RequestApprovalStep(services, gate.RequestHandler.ForExecution(input.ExecutionArn)).RunAsync(input, ct);
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
    public static PipelineServices ForAws(RuntimeServices runtime)
    {
        string? Get(string name) => runtime.Environment.Get(name);
        var settings = PipelineSettings.FromEnvironment(Get);
        var region = Get("AWS_REGION") ?? throw new InvalidOperationException("AWS_REGION is not set");
        var clients = new ConcurrentDictionary<string, IDataZoneClient>(StringComparer.Ordinal);
        var eventBridge = new EventBridgeClient(AwsClientOptions.ForRegion(region));
        return new PipelineServices(
            settings,
            S3ObjectStore.ForAws(region),
            r => clients.GetOrAdd(r, static r => new DataZoneClient(AwsClientOptions.ForRegion(r))),
            new EventBridgeLifecycleEvents(new EventBridgeBatchPublisher(eventBridge), settings.EventBusName, runtime.Time),
            new StepFunctionsClient(AwsClientOptions.ForRegion(region)),
            runtime.Time);
    }
}
