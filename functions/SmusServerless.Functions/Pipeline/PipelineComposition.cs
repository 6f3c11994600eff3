using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Aws.Adapters;

namespace SmusServerless.Functions.Pipeline;

/// <summary>
/// Builds the pipeline's use cases on one set of adapters: the ports over the clients (<see cref="DataZoneProjectCatalog"/>,
/// <see cref="DataZoneCatalogSubscriptions"/>, <see cref="StepFunctionsExecutionStarter"/>), the state bucket's
/// records and locks, and one bundle cache shared by every use case of the container.
/// </summary>
public sealed class PipelineComposition
{
    private readonly PipelineAdapters _adapters;
    private readonly RunBundles _bundles;
    private readonly IProjectCatalog _catalog;
    private readonly ICatalogSubscriptions _subscriptions;
    private readonly IDeploymentRecords _records;
    private readonly ITargetLocks _locks;

    public PipelineComposition(PipelineAdapters adapters)
    {
        _adapters = adapters;
        var settings = adapters.Settings;
        _bundles = new RunBundles(adapters.Objects, settings.VariableSource, adapters.Caller);
        _catalog = new DataZoneProjectCatalog(adapters.DataZone);
        _subscriptions = new DataZoneCatalogSubscriptions(adapters.DataZone);
        _records = new DeploymentRecords(adapters.Objects, settings.StateBucket);
        _locks = new TargetLocks(adapters.Objects, settings.StateBucket, adapters.Clock);
    }

    private PipelineSettings Settings => _adapters.Settings;

    private TestReportLocation Reports => new(Settings.StateBucket, Settings.TestReportsPrefix);

    private ChangeSetPlanner ChangeSets => new(_catalog, _adapters.Objects, _records);

    public StartStep Start() => new(
        new StepFunctionsExecutionStarter(_adapters.StepFunctions ?? throw new InvalidOperationException("this function has no Step Functions client configured")),
        new StartOptions(Settings.StateMachineArn, Settings.BundlesBucket, Settings.BundlesPrefix));

    public ResolveStep Resolve() => new(_bundles, _catalog, _adapters.Events, new PlanningOptions(Settings.GatedStages, Settings.ApprovalTimeoutSeconds) { Privileges = Settings.ProjectPrivileges }, _adapters.Clock);

    public ProvisionStep Provision() => new(_bundles, _catalog, new DomainCreationPolicy(Settings.AllowDomainCreation, Settings.DomainExecutionRoleArn));

    public SubscribeStep Subscribe() => new(_bundles, _subscriptions);

    public DeployStep Deploy() => new(_bundles, ChangeSets, _adapters.Objects, _records, _locks, _adapters.Clock);

    public VerifyStep Verify() => new(_bundles, _adapters.Objects, _records, _catalog, _subscriptions, Reports);

    public RecordTestsStep RecordTests() => new(_adapters.Objects, _records, _adapters.Events, Reports);

    public CompleteTargetStep CompleteTarget() => new(_adapters.Events);

    public CompleteRunStep CompleteRun() => new(_adapters.Events);

    public ReportFailureStep ReportFailure() => new(_locks, _adapters.Events);

    public RequestApprovalStep RequestApproval(IApprovalGate gate) => new(_bundles, _catalog, ChangeSets, _records, gate);
}
