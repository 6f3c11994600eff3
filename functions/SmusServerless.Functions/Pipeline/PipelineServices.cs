using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.Functions.Pipeline;

/// <summary>
/// What the pipeline steps work with: the stack's settings and the ports to S3, DataZone (per region), Step Functions
/// and EventBridge. On AWS they are the AWS adapters; offline, the local stack's.
/// </summary>
public sealed class PipelineServices(
    PipelineSettings settings,
    IObjectStore objects,
    Func<string, IDataZoneClient> dataZoneForRegion,
    ILifecycleEvents events,
    IStepFunctionsClient? stepFunctions,
    TimeProvider clock)
{
    private readonly Dictionary<BundleReference, Task<RunBundle>> _bundles = new();
    private readonly Lock _gate = new();

    public PipelineSettings Settings { get; } = settings;
    public IObjectStore Objects { get; } = objects;
    public ILifecycleEvents Events { get; } = events;
    public TimeProvider Clock { get; } = clock;
    public DeploymentRecords Records { get; } = new(objects, settings.StateBucket);

    public IStepFunctionsClient StepFunctions =>
        stepFunctions ?? throw new InvalidOperationException("this function has no Step Functions client configured");

    public IDataZoneClient DataZone(string region) => dataZoneForRegion(region);

    /// <summary>The run's bundle, opened once per container: a bundle version never changes, so neither does what it says.</summary>
    public Task<RunBundle> OpenBundleAsync(BundleReference bundle, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_bundles.TryGetValue(bundle, out var opened) && !opened.IsFaulted && !opened.IsCanceled)
                return opened;
            var opening = RunBundle.OpenAsync(Objects, bundle, Settings.VariableSource, cancellationToken);
            _bundles[bundle] = opening;
            return opening;
        }
    }

    public Task PublishAsync(string detailType, string detailJson, CancellationToken cancellationToken) =>
        Events.PublishAsync([new LifecycleEvent(detailType, detailJson)], cancellationToken);
}
