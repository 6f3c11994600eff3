using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.EventBridge;
using SmusServerless.Aws.Iam;
using SmusServerless.Aws.S3;
using SmusServerless.Aws.StepFunctions;

namespace SmusServerless.Functions.Pipeline;

/// <summary>What an IAM grant of template.yaml is on, as its statements scope them.</summary>
public enum PipelineResource
{
    /// <summary>Objects of the bundles bucket (<c>${BundlesBucket.Arn}/...</c>).</summary>
    BundleObjects,

    /// <summary>The bundles bucket itself (<c>${BundlesBucket.Arn}</c>).</summary>
    BundlesBucket,

    /// <summary>Objects of the pipeline's state bucket: deployment records, locks, test reports.</summary>
    StateObjects,
    StateBucket,

    /// <summary>Objects of the project buckets deployments write to (<c>${ProjectBucketPattern}/...</c>).</summary>
    ProjectObjects,
    ProjectBuckets,

    /// <summary>DataZone domains and what they hold.</summary>
    DataZoneDomains,

    /// <summary>Actions IAM cannot scope to a resource (granted on <c>*</c>).</summary>
    Unscoped,

    /// <summary>The deployment state machine.</summary>
    StateMachine,

    /// <summary>The event bus lifecycle events go to.</summary>
    EventBus,
}

/// <summary>One IAM action a function's code needs, and on what.</summary>
public sealed record IamGrant(string Action, PipelineResource Resource)
{
    public override string ToString() => $"{Action} on {Resource}";
}

/// <summary>
/// The IAM actions each pipeline function's code calls, by handler name, composed from the declarations next to the
/// adapters (<see cref="S3IamActions"/>, <see cref="IamActions.Of"/> for the generated clients). template.yaml's
/// policies are checked against them (FunctionPolicyTests), and the Pipeline tests check that every call a step makes
/// on its ports is declared here for its handler.
/// </summary>
public static class FunctionPermissions
{
    private static readonly IamGrant[] PublishEvents = [Api(EventBridgeOperations.PutEvents, PipelineResource.EventBus)];

    /// <summary>Reading the run's bundle: its version (or, unversioned, the object) by HEAD and ranged GETs.</summary>
    private static readonly IamGrant[] ReadBundle =
    [
        .. S3(ObjectStoreCall.Head, PipelineResource.BundleObjects, withVersionId: true),
        .. S3(ObjectStoreCall.ReadRange, PipelineResource.BundleObjects, withVersionId: true),
        .. S3(ObjectStoreCall.ReadRange, PipelineResource.BundleObjects),
    ];

    /// <summary>Reading a deployment record, lock or report: HEAD, then a GET of the version the HEAD saw.</summary>
    private static readonly IamGrant[] ReadState =
    [
        .. S3(ObjectStoreCall.Head, PipelineResource.StateObjects),
        .. S3(ObjectStoreCall.OpenRead, PipelineResource.StateObjects, withVersionId: true),
    ];

    private static readonly IamGrant[] WriteState = [.. S3(ObjectStoreCall.Put, PipelineResource.StateObjects)];

    public static IReadOnlyDictionary<string, IReadOnlyList<IamGrant>> ByHandler { get; } = new Dictionary<string, IReadOnlyList<IamGrant>>(StringComparer.Ordinal)
    {
        ["start"] = [Api(StepFunctionsOperations.StartExecution, PipelineResource.StateMachine)],
        // ListTagsForResource: a stage may select its domain by tags (read per domain ARN).
        ["resolve"] = Distinct([.. ReadBundle, Api(DataZoneOperations.ListDomains, PipelineResource.Unscoped), .. DataZone(DataZoneOperations.ListTagsForResource), .. PublishEvents]),
        ["provision"] = Distinct([
            .. ReadBundle,
            Api(DataZoneOperations.ListDomains, PipelineResource.Unscoped),
            Api(DataZoneOperations.CreateDomain, PipelineResource.Unscoped),
            .. DataZone(DataZoneOperations.GetDomain, DataZoneOperations.ListProjects, DataZoneOperations.GetProject, DataZoneOperations.CreateProject,
                DataZoneOperations.ListProjectProfiles, DataZoneOperations.GetProjectProfile, DataZoneOperations.ListProjectMemberships,
                DataZoneOperations.CreateProjectMembership, DataZoneOperations.SearchUserProfiles, DataZoneOperations.SearchGroupProfiles, DataZoneOperations.ListEnvironments,
                DataZoneOperations.CreateEnvironment),
        ]),
        ["subscribe"] = Distinct([
            .. ReadBundle,
            .. DataZone(DataZoneOperations.SearchListings, DataZoneOperations.ListSubscriptionRequests, DataZoneOperations.CreateSubscriptionRequest,
                DataZoneOperations.GetSubscriptionRequestDetails, DataZoneOperations.ListSubscriptions, DataZoneOperations.ListSubscriptionGrants),
        ]),
        ["deploy"] = Distinct([
            .. ReadBundle,
            .. ReadState,
            .. WriteState,
            .. S3(ObjectStoreCall.Delete, PipelineResource.StateObjects),
            .. S3(ObjectStoreCall.Head, PipelineResource.ProjectObjects),
            .. S3(ObjectStoreCall.PutMultipart, PipelineResource.ProjectObjects),
            .. S3(ObjectStoreCall.Delete, PipelineResource.ProjectObjects),
            .. DataZone(DataZoneOperations.ListConnections),
        ]),
        ["verify"] = Distinct([
            .. ReadBundle,
            .. ReadState,
            .. S3(ObjectStoreCall.Head, PipelineResource.ProjectObjects),
            .. DataZone(DataZoneOperations.GetProject, DataZoneOperations.ListEnvironments, DataZoneOperations.ListSubscriptionGrants),
        ]),
        ["record-tests"] = Distinct([.. ReadState, .. WriteState, .. PublishEvents]),
        ["complete-target"] = PublishEvents,
        ["complete-run"] = PublishEvents,
        // A failed run frees the target locks it still holds (read the holder, delete if it is this run).
        ["report-failure"] = Distinct([.. ReadState, .. S3(ObjectStoreCall.Delete, PipelineResource.StateObjects), .. PublishEvents]),
    };

    private static IamGrant Api(Aws.Protocols.IAwsOperation operation, PipelineResource resource) => new(IamActions.Of(operation), resource);

    private static IEnumerable<IamGrant> DataZone(params Aws.Protocols.IAwsOperation[] operations) =>
        operations.Select(operation => Api(operation, PipelineResource.DataZoneDomains));

    /// <summary>The grants of an object store call on a bucket's objects; bucket-level actions go to the bucket.</summary>
    public static IEnumerable<IamGrant> S3(ObjectStoreCall call, PipelineResource objects, bool withVersionId = false) =>
        S3IamActions.For(call, withVersionId).Select(action => new IamGrant(action.Action, action.OnBucket ? BucketOf(objects) : objects));

    public static PipelineResource BucketOf(PipelineResource objects) => objects switch
    {
        PipelineResource.BundleObjects => PipelineResource.BundlesBucket,
        PipelineResource.StateObjects => PipelineResource.StateBucket,
        PipelineResource.ProjectObjects => PipelineResource.ProjectBuckets,
        _ => throw new ArgumentOutOfRangeException(nameof(objects), objects, "not the objects of a bucket"),
    };

    private static IamGrant[] Distinct(IEnumerable<IamGrant> grants) => [.. grants.Distinct()];
}
