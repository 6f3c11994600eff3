using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.Functions.Pipeline;

/// <summary>
/// What the pipeline's functions run on, for the composition root only: the stack's settings and the clients of S3,
/// DataZone (per region), Step Functions and EventBridge. On AWS they are the AWS clients; offline, the local stack's.
/// <see cref="Caller"/> is who the functions run as (the account and region of <c>${AWS_ACCOUNT_ID}</c>, <c>${STS_REGION}</c>).
/// The use cases never see this: <see cref="PipelineComposition"/> hands each one the ports it declares.
/// </summary>
public sealed record PipelineAdapters(
    PipelineSettings Settings,
    IObjectStore Objects,
    Func<string, IDataZoneClient> DataZone,
    ILifecycleEvents Events,
    IStepFunctionsClient? StepFunctions,
    TimeProvider Clock,
    ICallerIdentity? Caller = null);
