using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmusServerless.Aws.Approvals;
using SmusServerless.Aws.EventBridge;
using SmusServerless.Aws.Http;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Core.Approvals;
using SmusServerless.Functions.Approvals;
using SmusServerless.Local.Approvals;
using SmusServerless.Local.Endpoints;
using SmusServerless.Local.Endpoints.StepFunctions;
using SmusServerless.Local.S3;
using SmusServerless.Runtime;

namespace SmusServerless.Functions.Tests.Approvals;

/// <summary>
/// The gate on its AWS adapters, each talking to an offline stand-in over the real wire protocol: the S3 store and
/// audit log over the file-backed object store, the EventBridge notifier and the Step Functions callback through our
/// typed clients to the local AWS host (127.0.0.1). Only the KMS adapters are replaced (by the local key adapters),
/// because there is no local KMS endpoint. The endpoint is reached through the registered <c>approval-endpoint</c>
/// handler with Function URL (payload 2.0) JSON, as Lambda would invoke it.
/// </summary>
public sealed class AwsGateFixture : IAsyncDisposable
{
    public const string TaskToken = EndpointFixture.TaskToken;
    public static readonly string[] Approvers = EndpointFixture.Approvers;

    private readonly TemporaryDirectory _state = new();
    private readonly MemoryStream _functionLog = new();
    private LocalAwsHost _host = null!;
    private InProcessFunctions _functions = null!;

    private AwsGateFixture() => Objects = new FileObjectStore(Path.Combine(_state.Path, "s3"));

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    public RecordingStepFunctionsBackend StepFunctions { get; } = new();
    public FileObjectStore Objects { get; }
    public S3ApprovalStore Store { get; private set; } = null!;
    public S3AuditLog Audit { get; private set; } = null!;
    public ApprovalGate Gate { get; private set; } = null!;
    public LocalAwsHost Host => _host;

    /// <summary>Every event the local EventBridge accepted, in order.</summary>
    public IReadOnlyList<JsonObject> Events => _host.Events.Log;

    /// <summary>What the functions logged (the runtime's structured logger).</summary>
    public string FunctionLog => Encoding.UTF8.GetString(_functionLog.ToArray());

    public static async Task<AwsGateFixture> StartAsync(int quorum = 2)
    {
        var fixture = new AwsGateFixture();
        await fixture.InitializeAsync(quorum);
        return fixture;
    }

    private async Task InitializeAsync(int quorum)
    {
        Objects.CreateBucket(ObjectStores.StateBucket);
        Objects.CreateBucket(ObjectStores.AuditBucket);
        _host = await LocalAwsHost.StartAsync(new LocalAwsHostOptions { TimeProvider = Clock, StepFunctions = StepFunctions });
        var credentials = _host.Credentials;
        var client = AwsClientOptions.ForLocalEndpoint(_host.BaseUrl, credentials.AccessKeyId, credentials.SecretAccessKey, credentials.Region);
        var runtime = InProcessFunctions.LocalServices("smus-approval-endpoint", _functionLog, Clock);

        Store = new S3ApprovalStore(Objects, ObjectStores.StateBucket);
        Audit = new S3AuditLog(Objects, ObjectStores.AuditBucket);
        Gate = new ApprovalGate(new ApprovalGatePorts(
            Store,
            LocalMacService.FromStateDirectory(_state.Path),
            LocalTaskTokenVault.FromStateDirectory(_state.Path),
            new StepFunctionsTaskCallback(new StepFunctionsClient(client)),
            Audit,
            new ApprovalLifecycleNotifier(new EventBridgeLifecycleEvents(new EventBridgeBatchPublisher(new EventBridgeClient(client)), "default", Clock)),
            new LoggerApprovalLog(runtime.LoggerFactory.CreateLogger("SmusServerless.Approvals")),
            Clock), new ApprovalGateOptions(new ApprovalPolicy(Approvers, quorum, TimeSpan.FromHours(24)), EndpointFixture.BaseUrl));

        var registry = new HandlerRegistry();
        ApprovalFunctions.Register(registry, _ => throw new InvalidOperationException("the endpoint needs no pipeline services"), _ => Gate);
        _functions = new InProcessFunctions(registry, runtime);
    }

    /// <summary>Runs the request task; returns each approver's link from the "Approval Requested" event on the bus.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RequestAsync(ApprovalRequestInput? input = null)
    {
        await Gate.RequestHandler.HandleAsync(input ?? EndpointFixture.Input(), default);
        var requested = EventsOf("Approval Requested").Last();
        return requested["detail"]!["links"]!.AsArray()
            .ToDictionary(l => (string)l!["approver"]!, l => (string)l!["url"]!);
    }

    public IReadOnlyList<JsonObject> EventsOf(string detailType) =>
        Events.Where(e => (string?)e["detail-type"] == detailType).ToList();

    /// <summary>Invokes the registered approval-endpoint function with a Function URL (payload format 2.0) event.</summary>
    public async Task<FunctionUrlResponse> InvokeEndpointAsync(string url, string method = "GET", string? formBody = null)
    {
        var result = await _functions.InvokeAsync(ApprovalFunctions.ApprovalEndpoint, Encoding.UTF8.GetBytes(FunctionUrlEvent(url, method, formBody).ToJsonString()),
            TimeSpan.FromSeconds(15), default);
        Assert.Null(result.Error);
        return JsonSerializer.Deserialize(result.Payload, ApprovalJsonContext.Default.FunctionUrlResponse)!;
    }

    /// <summary>Opens the link, takes the form nonce from the page and posts the decision to the same URL.</summary>
    public async Task<FunctionUrlResponse> VoteAsync(string link, string decision, string? comment = null)
    {
        var page = await InvokeEndpointAsync(link);
        var body = $"nonce={Uri.EscapeDataString(EndpointFixture.NonceOf(page.Body) ?? "")}&decision={decision}"
                   + (comment is null ? "" : $"&comment={Uri.EscapeDataString(comment)}");
        return await InvokeEndpointAsync(link, "POST", body);
    }

    /// <summary>The event a Function URL sends its function (AWS's payload format 2.0, as documented for Function URLs).</summary>
    public static JsonObject FunctionUrlEvent(string url, string method, string? formBody)
    {
        var uri = new Uri(url);
        var headers = new JsonObject
        {
            ["host"] = uri.Host, ["user-agent"] = "Mozilla/5.0 (aws fixture)", ["x-forwarded-for"] = "198.51.100.23",
            ["x-forwarded-proto"] = "https", ["accept"] = "text/html",
        };
        if (formBody is not null)
            headers["content-type"] = "application/x-www-form-urlencoded";
        var @event = new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = "$default",
            ["rawPath"] = uri.AbsolutePath,
            ["rawQueryString"] = uri.Query.TrimStart('?'),
            ["headers"] = headers,
            ["requestContext"] = new JsonObject
            {
                ["accountId"] = "anonymous",
                ["apiId"] = "abc123",
                ["domainName"] = uri.Host,
                ["domainPrefix"] = "abc123",
                ["http"] = new JsonObject
                {
                    ["method"] = method, ["path"] = uri.AbsolutePath, ["protocol"] = "HTTP/1.1",
                    ["sourceIp"] = "198.51.100.23", ["userAgent"] = "Mozilla/5.0 (aws fixture)",
                },
                ["requestId"] = Guid.NewGuid().ToString(),
                ["routeKey"] = "$default",
                ["stage"] = "$default",
                ["time"] = "27/Nov/2026:09:00:00 +0000",
                ["timeEpoch"] = 1795770000000,
            },
            ["isBase64Encoded"] = formBody is not null,
        };
        if (formBody is not null)
            @event["body"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(formBody));
        return @event;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _state.Dispose();
    }
}

/// <summary>The Step Functions side of the local endpoint: records task callbacks, or refuses them with a chosen error code.</summary>
public sealed class RecordingStepFunctionsBackend : IStepFunctionsBackend
{
    private readonly List<TaskCallbackCall> _calls = [];

    /// <summary>When set, callbacks fail with this modelled error (TaskDoesNotExist, TaskTimedOut, InvalidToken, ...).</summary>
    public string? RefuseWith { get; set; }

    public IReadOnlyList<TaskCallbackCall> Calls { get { lock (_calls) return [.. _calls]; } }

    public Task<SendTaskSuccessOutput> SendTaskSuccessAsync(SendTaskSuccessInput request, CancellationToken cancellationToken) =>
        Record(new TaskCallbackCall("success", request.TaskToken!, request.Output, null, null), new SendTaskSuccessOutput());

    public Task<SendTaskFailureOutput> SendTaskFailureAsync(SendTaskFailureInput request, CancellationToken cancellationToken) =>
        Record(new TaskCallbackCall("failure", request.TaskToken!, null, request.Error, request.Cause), new SendTaskFailureOutput());

    private Task<T> Record<T>(TaskCallbackCall call, T output)
    {
        if (RefuseWith is { } code)
            throw new StepFunctionsServiceException(code, $"Refused ({code}) for token '{call.TaskToken}'.");
        lock (_calls) _calls.Add(call);
        return Task.FromResult(output);
    }

    public Task<SendTaskHeartbeatOutput> SendTaskHeartbeatAsync(SendTaskHeartbeatInput request, CancellationToken cancellationToken) =>
        throw new StepFunctionsServiceException("TaskDoesNotExist", "no heartbeats here");

    public Task<StartExecutionOutput> StartExecutionAsync(StartExecutionInput request, CancellationToken cancellationToken) =>
        throw new StepFunctionsServiceException("StateMachineDoesNotExist", "no state machines here");

    public Task<DescribeExecutionOutput> DescribeExecutionAsync(DescribeExecutionInput request, CancellationToken cancellationToken) =>
        throw new StepFunctionsServiceException("ExecutionDoesNotExist", "no executions here");

    public Task<GetExecutionHistoryOutput> GetExecutionHistoryAsync(GetExecutionHistoryInput request, CancellationToken cancellationToken) =>
        throw new StepFunctionsServiceException("ExecutionDoesNotExist", "no executions here");
}
