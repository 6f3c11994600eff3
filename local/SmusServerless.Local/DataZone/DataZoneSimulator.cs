using System.Collections.Frozen;
using System.Text.Json.Nodes;
using SmusServerless.Local.DataZone.State;
using SmusServerless.Local.Endpoints.Protocol;

namespace SmusServerless.Local.DataZone;

/// <summary>
/// A stateful Amazon DataZone that speaks restJson1 exactly as <c>datazone/service-2.json</c> describes: requests are
/// routed, bound and validated from the model, errors carry the modelled codes and statuses, responses are shaped by
/// the output shapes. Asynchronous work (domain creation, environment deployment, the listing owner's decision,
/// grants) advances with the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class DataZoneSimulator
{
    private readonly FrozenDictionary<string, Func<OperationContext, JsonObject>> _handlers;
    private readonly DataZoneSimulatorOptions _options;
    private readonly IDataZoneStateStore _store;
    private readonly RestJsonRouter _router;
    private readonly RestJsonRequestBinder _binder;
    private readonly ShapeValidator _validator;
    private readonly ShapeProjector _projector;

    public DataZoneSimulator(DataZoneSimulatorOptions options, IDataZoneStateStore? store = null)
    {
        _options = options;
        Model = ServiceModels.Get(ServiceModels.DataZone, options.ModelsDirectory);
        _store = store ?? (options.StateDirectory is null ? new InMemoryDataZoneStateStore() : new FileDataZoneStateStore(options.StateDirectory));
        _router = new RestJsonRouter(Model);
        _binder = new RestJsonRequestBinder(Model);
        _validator = new ShapeValidator(Model);
        _projector = new ShapeProjector(Model);
        Faults = new FaultInjector(options.Faults);
        _handlers = new Dictionary<string, Func<OperationContext, JsonObject>>
        {
            ["ListDomains"] = DomainOperations.List,
            ["GetDomain"] = DomainOperations.Get,
            ["ListTagsForResource"] = DomainOperations.ListTags,
            ["CreateDomain"] = DomainOperations.Create,
            ["ListProjectProfiles"] = ProjectOperations.ListProfiles,
            ["GetProjectProfile"] = ProjectOperations.GetProfile,
            ["CreateProjectProfile"] = ProjectOperations.CreateProfile,
            ["ListProjects"] = ProjectOperations.List,
            ["GetProject"] = ProjectOperations.Get,
            ["CreateProject"] = ProjectOperations.Create,
            ["CreateProjectMembership"] = ProjectOperations.CreateMembership,
            ["ListProjectMemberships"] = ProjectOperations.ListMemberships,
            ["SearchUserProfiles"] = UserOperations.Search,
            ["GetUserProfile"] = UserOperations.Get,
            ["SearchGroupProfiles"] = UserOperations.SearchGroups,
            ["ListEnvironments"] = EnvironmentOperations.List,
            ["GetEnvironment"] = EnvironmentOperations.Get,
            ["CreateEnvironment"] = EnvironmentOperations.Create,
            ["ListEnvironmentBlueprints"] = EnvironmentOperations.ListBlueprints,
            ["ListEnvironmentBlueprintConfigurations"] = EnvironmentOperations.ListBlueprintConfigurations,
            ["ListEnvironmentProfiles"] = EnvironmentOperations.ListProfiles,
            ["ListConnections"] = ConnectionOperations.List,
            ["GetConnection"] = ConnectionOperations.Get,
            ["CreateConnection"] = ConnectionOperations.Create,
            ["SearchListings"] = CatalogOperations.SearchListings,
            ["Search"] = CatalogOperations.Search,
            ["GetListing"] = CatalogOperations.Get,
            ["CreateSubscriptionRequest"] = SubscriptionOperations.CreateRequest,
            ["GetSubscriptionRequestDetails"] = SubscriptionOperations.GetRequest,
            ["ListSubscriptionRequests"] = SubscriptionOperations.ListRequests,
            ["AcceptSubscriptionRequest"] = SubscriptionOperations.Accept,
            ["RejectSubscriptionRequest"] = SubscriptionOperations.Reject,
            ["ListSubscriptions"] = SubscriptionOperations.ListSubscriptions,
            ["GetSubscription"] = SubscriptionOperations.GetSubscription,
            ["ListSubscriptionGrants"] = SubscriptionOperations.ListGrants,
            ["GetSubscriptionGrant"] = SubscriptionOperations.GetGrant,
        }.ToFrozenDictionary(StringComparer.Ordinal);
        foreach (var name in _handlers.Keys)
        {
            Model.Operation(name);
        }
    }

    public ServiceModel Model { get; }

    /// <summary>Fault injection, including "fail operation X the next N times" (<see cref="FaultInjector.FailNext"/>).</summary>
    public FaultInjector Faults { get; }

    public IReadOnlyCollection<string> SupportedOperations => _handlers.Keys;

    /// <summary>Adds a seed's domains (and everything in them) that the state does not have yet.</summary>
    public Task SeedAsync(DataZoneSeed seed, CancellationToken cancellationToken = default) =>
        _store.TransactAsync(state =>
        {
            DataZoneSeeder.Apply(state, _options, seed, _options.TimeProvider.GetUtcNow());
            return true;
        }, cancellationToken);

    /// <summary>Handles one HTTP request the way the DataZone endpoint would.</summary>
    public async Task<AwsHttpResponse> HandleAsync(AwsHttpRequest request, CancellationToken cancellationToken = default)
    {
        var route = _router.Match(request.Method, request.Path);
        if (route is null)
        {
            return _router.PathExists(request.Path)
                ? ErrorResponse(405, "MethodNotAllowedException", $"Method {request.Method} is not allowed on {request.Path.Split('?')[0]}.")
                : ErrorResponse(404, "UnknownOperationException", $"No DataZone operation matches {request.Method} {request.Path.Split('?')[0]}.");
        }

        try
        {
            var (input, issues) = _binder.Bind(route, request);
            if (issues.Count > 0)
            {
                throw DataZoneServiceException.Validation(ShapeValidator.FormatMessage(issues));
            }

            var output = await InvokeAsync(route.Operation.Name, input, cancellationToken).ConfigureAwait(false);
            return AwsHttpResponse.Json(route.Operation.ResponseCode, output.ToJsonString());
        }
        catch (DataZoneServiceException e)
        {
            return ErrorResponse(StatusOf(e.ErrorCode), e.ErrorCode, e.Message);
        }
    }

    /// <summary>
    /// Calls an operation with its input as JSON (member names as in the model, path/query members included):
    /// faults, validation, the state change and output shaping all apply. Throws <see cref="DataZoneServiceException"/>.
    /// </summary>
    public Task<JsonObject> InvokeAsync(string operationName, JsonObject input, CancellationToken cancellationToken = default) =>
        InvokeCoreAsync(operationName, input, injectFaults: true, cancellationToken);

    private async Task<JsonObject> InvokeCoreAsync(string operationName, JsonObject input, bool injectFaults, CancellationToken cancellationToken)
    {
        if (!Model.Operations.TryGetValue(operationName, out var operation))
        {
            throw new DataZoneServiceException("UnknownOperationException", $"DataZone has no operation {operationName}.");
        }

        if (!_handlers.TryGetValue(operationName, out var handler))
        {
            throw new DataZoneServiceException("InternalServerException", $"The DataZone simulator does not implement {operationName}.");
        }

        if (injectFaults && Faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(Faults.Latency, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        if (injectFaults && Faults.Draw(operationName) is { } fault)
        {
            throw fault;
        }

        var issues = _validator.Validate(operation.InputShape!, input);
        if (issues.Count > 0)
        {
            throw DataZoneServiceException.Validation(ShapeValidator.FormatMessage(issues));
        }

        var raw = await _store.TransactAsync(state =>
        {
            var now = _options.TimeProvider.GetUtcNow();
            DataZoneTransitions.ApplyDue(state, _options, now);
            var context = new OperationContext(operation, input, state, now, _options, Model);
            return handler(context).DeepClone().AsObject();
        }, cancellationToken).ConfigureAwait(false);

        if (injectFaults && Faults.DrawAfterCommit(operationName) is { } lostResponse)
        {
            throw lostResponse;
        }

        var output = operation.OutputShape is null ? new JsonObject() : _projector.Project(operation.OutputShape, raw);
        if (_options.ValidateResponses && operation.OutputShape is not null)
        {
            var outputIssues = _validator.Validate(operation.OutputShape, output);
            if (outputIssues.Count > 0)
            {
                throw new DataZoneServiceException("InternalServerException",
                    $"The simulator produced a {operationName} response its model rejects: {ShapeValidator.FormatMessage(outputIssues)}");
            }
        }

        return output;
    }

    /// <summary>
    /// The listing owner decides a PENDING subscription request, as Accept/RejectSubscriptionRequest would (a command for
    /// tests and local tooling; injected faults do not apply to it). Another process can do this on the same state directory.
    /// </summary>
    public Task<JsonObject> DecideSubscriptionRequestAsync(string domainId, string requestId, SubscriptionDecision decision, string? comment = null,
        CancellationToken cancellationToken = default)
    {
        var input = new JsonObject { ["domainIdentifier"] = domainId, ["identifier"] = requestId };
        if (comment is not null)
        {
            input["decisionComment"] = comment;
        }

        return InvokeCoreAsync(decision == SubscriptionDecision.Accept ? "AcceptSubscriptionRequest" : "RejectSubscriptionRequest", input, injectFaults: false,
            cancellationToken);
    }

    /// <summary>Applies every scheduled change due at the current (virtual) time, without a client call.</summary>
    public Task ApplyDueTransitionsAsync(CancellationToken cancellationToken = default) =>
        _store.TransactAsync(state =>
        {
            DataZoneTransitions.ApplyDue(state, _options, _options.TimeProvider.GetUtcNow());
            return true;
        }, cancellationToken);

    private int StatusOf(string errorCode) =>
        Model.FindShape(errorCode) is { IsException: true, HttpStatusCode: { } status } ? status : errorCode == "UnknownOperationException" ? 404 : 400;

    private static AwsHttpResponse ErrorResponse(int status, string code, string message) =>
        AwsHttpResponse.Json(status, new JsonObject { ["message"] = message }.ToJsonString(),
            extraHeaders: [new("x-amzn-ErrorType", code)]);
}

public enum SubscriptionDecision
{
    Accept,
    Reject,
}
