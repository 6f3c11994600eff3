using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.Functions.Pipeline;

/// <summary>
/// What the pipeline's functions run on, for the composition root only: the stack's settings and the clients of S3,
/// DataZone (per region), Step Functions and EventBridge. On AWS they are the AWS clients; offline, the local stack's.
/// The use cases never see this: <see cref="PipelineComposition"/> hands each one the ports it declares.
/// </summary>
public sealed record PipelineAdapters(
    PipelineSettings Settings,
    IObjectStore Objects,
    Func<string, IDataZoneClient> DataZone,
    ILifecycleEvents Events,
    IStepFunctionsClient? StepFunctions,
    TimeProvider Clock);
