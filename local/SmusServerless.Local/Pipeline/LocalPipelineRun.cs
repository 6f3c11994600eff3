using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmusServerless.Application.Pipeline;
using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.EventBridge;
using SmusServerless.Aws.Http;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Storage;
using SmusServerless.Functions.Approvals;
using SmusServerless.Functions.Pipeline;
using SmusServerless.Local.Approvals;
using SmusServerless.Local.DataZone;
using SmusServerless.Local.Endpoints;
using SmusServerless.Local.Endpoints.CloudFormation;
using SmusServerless.Local.Endpoints.StepFunctions;
using SmusServerless.Local.Events;
using SmusServerless.Local.S3;
using SmusServerless.Local.StepFunctions;
using SmusServerless.Local.StepFunctions.Tasks;
using SmusServerless.Runtime;

namespace SmusServerless.Local.Pipeline;

/// <summary>How an offline run ended.</summary>
public sealed record LocalRunResult(string ExecutionArn, string Status, string? Error, string? Cause, long StateTransitions)
{
    public bool Succeeded => Status == "SUCCEEDED";
}

/// <summary>
/// The whole pipeline offline, with the same state machine definition and the same handlers as on AWS: the bundle is
/// uploaded to the file-backed S3, its "Object Created" event goes through the local EventBridge rule to the start
/// handler, which starts the execution over the Step Functions wire protocol; the ASL engine runs it, invoking the
/// handlers in-process; they talk to the DataZone simulator and EventBridge over HTTP with our typed clients; gated
/// targets wait on the approval endpoint served on 127.0.0.1.
/// </summary>
public sealed partial class LocalPipelineRun : IAsyncDisposable
{
    public const string BundlesBucket = "smus-local-bundles";
    public const string StateBucket = "smus-local-state";
    public const string AuditBucket = "smus-local-audit";
    public const string StateMachineName = "smus-serverless-deployment";

    /// <summary>The name the local stack answers CloudFormation DescribeStacks with (deploy --stack).</summary>
    public const string StackName = "smus-serverless-local";
    public const string BundlesPrefix = "bundles/";

    /// <summary>Where a run leaves its approval endpoint's URL, so `approve` and `reject` in another process find it.</summary>
    public const string ApprovalEndpointFile = "approval-endpoint.url";
    public const string ApprovalsDirectory = "approvals";
    private const string FunctionPrefix = "smus-local-";
    private static readonly TimeSpan PersonPollInterval = TimeSpan.FromMilliseconds(250);

    private readonly LocalRunOptions _options;
    private readonly Action<JsonObject> _onEvent;
    private readonly List<ApprovalLink> _pendingLinks = [];
    private readonly Lock _gate = new();
    private LocalAwsHost _host = null!;
    private LocalApprovalGate _approvals = null!;
    private LocalStepFunctions _engine = null!;
    private FileObjectStore _store = null!;
    private string _stateMachineArn = null!;
    private IDisposable? _subscription;
    private Stream? _functionLog;

    private LocalPipelineRun(LocalRunOptions options, Action<JsonObject> onEvent)
    {
        _options = options;
        _onEvent = onEvent;
    }

    /// <summary>The approval endpoint's base URL (the links printed to approvers point here).</summary>
    public Uri ApprovalBaseUrl => _approvals.BaseUrl;

    public LocalAwsHost Host => _host;

    public LocalStepFunctions Engine => _engine;

    public FileObjectStore Store => _store;

    public static async Task<LocalPipelineRun> StartAsync(LocalRunOptions options, PipelineManifest manifest, Action<JsonObject> onEvent, CancellationToken cancellationToken)
    {
        var run = new LocalPipelineRun(options, onEvent);
        await run.InitializeAsync(manifest, cancellationToken).ConfigureAwait(false);
        return run;
    }

    private async Task InitializeAsync(PipelineManifest manifest, CancellationToken cancellationToken)
    {
        var state = _options.StateDirectory;
        Directory.CreateDirectory(state);
        TimeProvider clock = _options.VirtualClock ? new VirtualTimeProvider(DateTimeOffset.UtcNow) : TimeProvider.System;

        _store = new FileObjectStore(Path.Combine(state, "s3"), clock);
        foreach (var bucket in new[] { BundlesBucket, StateBucket, AuditBucket, ManifestSeed.ProjectsBucket })
            if (!_store.BucketExists(bucket)) _store.CreateBucket(bucket);

        var invoker = new InProcessLambda(_invocations.Enqueue);
        _engine = new LocalStepFunctions(new LocalStepFunctionsOptions
        {
            StateDirectory = Path.Combine(state, "stepfunctions"),
            Clock = clock,
            LambdaInvoker = invoker,
            // The host starts after the engine: the tests read its endpoint when they run.
            BuildRunner = new LocalTestRunner(_store, Path.Combine(state, "builds"), _options.Python,
                () => _host is { } host ? new LocalTestAws(host.BaseUrl, host.Credentials.AccessKeyId, host.Credentials.SecretAccessKey, host.Credentials.Region) : null),
        });

        _host = await LocalAwsHost.StartAsync(new LocalAwsHostOptions
        {
            StateDirectory = Path.Combine(state, "aws"),
            TimeProvider = clock,
            DataZone = new DataZoneSimulatorOptions
            {
                TimeProvider = clock,
                ProjectS3UriTemplate = "s3://" + ManifestSeed.ProjectsBucket + "/{domainId}/{projectId}/shared/",
            },
            Seed = _options.Seed ?? ManifestSeed.From(manifest),
            StepFunctions = new LocalStepFunctionsBackend(_engine),
            EventRules =
            [
                new EventRule("bundle-uploaded", EventPattern.Parse(
                    """{"source":["aws.s3"],"detail-type":["Object Created"],"detail":{"bucket":{"name":[""" + "\"" + BundlesBucket + "\"" +
                    """]},"object":{"key":[{"prefix":"bundles/"}]}}}"""),
                    new DelegateEventTarget((e, ct) => StartFromEventAsync(invoker, e, ct))),
                new EventRule("deployment-requested", EventPattern.Parse("""{"source":["smus.pipeline"],"detail-type":["Deployment Requested"]}"""),
                    new DelegateEventTarget((e, ct) => StartFromEventAsync(invoker, e, ct))),
                new EventRule("lifecycle", EventPattern.Parse("""{"source":["smus.pipeline"]}"""),
                    new DelegateEventTarget((e, _) => { _onEvent(e); return Task.CompletedTask; })),
            ],
        }, cancellationToken).ConfigureAwait(false);

        var client = AwsClientOptions.ForLocalEndpoint(_host.BaseUrl, _host.Credentials.AccessKeyId, _host.Credentials.SecretAccessKey, _host.Credentials.Region) with
        {
            // The clients' own backoff between retries passes on the run's clock: on the virtual clock it moves time
            // forward (the simulator sees the wait) instead of sleeping.
            Retry = new AwsRetryOptions { Delay = clock is VirtualTimeProvider virtualClock ? (delay, _) => { virtualClock.Advance(delay); return Task.CompletedTask; } : null },
        };
        var events = new EventBridgeLifecycleEvents(new EventBridgeBatchPublisher(new EventBridgeClient(client)), "default", clock);
        _stateMachineArn = _engine.CreateStateMachine(StateMachineName, Substitute(_options.DefinitionPath is { } path ? File.ReadAllText(path) : PipelineDefinition.Embedded, _host.Credentials.Region)).StateMachineArn;
        // DescribeStacks answers what template.yaml's Outputs name, so deploy's AWS code path finds this stack.
        _host.Stack = new LocalStackDescription(StackName, new Dictionary<string, string>
        {
            ["BundlesBucketName"] = BundlesBucket,
            ["BundlesPrefix"] = BundlesPrefix,
            ["StateMachineArn"] = _stateMachineArn,
            ["Approvers"] = string.Join(',', _options.Approvers),
            ["ApprovalQuorum"] = _options.Quorum.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, clock.GetUtcNow());
        var settings = new PipelineSettings
        {
            StateBucket = StateBucket,
            AuditBucket = AuditBucket,
            BundlesBucket = BundlesBucket,
            StateMachineArn = _stateMachineArn,
            Variables = _options.Variables,
            ApprovalTimeoutSeconds = (int)_options.ApprovalTimeout.TotalSeconds,
            // Offline nothing real is at stake: the bundle's project role, policies and owners are all applied.
            ProjectPrivileges = ProjectPrivilegeAllowList.Anything,
        };
        var dataZone = new DataZoneClient(client);
        var services = new PipelineAdapters(settings, _store, _ => dataZone, events, new StepFunctionsClient(client), clock,
            new FixedCallerIdentity(LocalSession.AccountId, _host.Credentials.Region));

        _approvals = await LocalApprovalGate.StartAsync(
            new LocalApprovalSettings(Path.Combine(state, ApprovalsDirectory), new ApprovalPolicy(_options.Approvers, _options.Quorum, _options.ApprovalTimeout)),
            new EngineTaskCallback(_engine),
            new JsonLinesApprovalNotifier(TextWriter.Null, OnApprovalEvent),
            new ConsoleApprovalLog(TextWriter.Null, clock),
            clock, cancellationToken).ConfigureAwait(false);

        await File.WriteAllTextAsync(Path.Combine(state, ApprovalEndpointFile), _approvals.BaseUrl.ToString(), cancellationToken).ConfigureAwait(false);

        var registry = new HandlerRegistry();
        PipelineFunctions.Register(registry, _ => services);
        PipelineFunctions.RegisterApprovalSteps(registry, _ => (services, _approvals.Gate));
        _functionLog = File.Open(Path.Combine(state, "functions.log"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        invoker.Functions = new InProcessFunctions(registry, InProcessFunctions.LocalServices("smus-local", _functionLog, clock));

        _subscription = _store.OnObjectCreated((created, ct) => _host.Events.PutAsync(new JsonObject
        {
            ["Source"] = "aws.s3",
            ["DetailType"] = "Object Created",
            ["Resources"] = new JsonArray($"arn:aws:s3:::{created.Bucket}"),
            ["Detail"] = new JsonObject
            {
                ["version"] = "0",
                ["bucket"] = new JsonObject { ["name"] = created.Bucket },
                ["object"] = new JsonObject
                {
                    ["key"] = created.Key, ["size"] = created.Size, ["etag"] = created.ETag.Trim('"'),
                    ["version-id"] = created.VersionId, ["sequencer"] = created.Sequencer,
                },
                ["request-id"] = Guid.NewGuid().ToString("N"),
                ["requester"] = "local",
                ["reason"] = created.Reason,
            }.ToJsonString(),
        }, ct));
    }

    /// <summary>
    /// Uploads a bundle as CI would and runs the execution it starts to its end. With <paramref name="targets"/>, the
    /// bundle is stored outside the bundles prefix and a "Deployment Requested" event names the targets instead.
    /// </summary>
    public async Task<LocalRunResult> RunBundleAsync(string bundlePath, IReadOnlyList<string>? targets, CancellationToken cancellationToken) =>
        await RunToEndAsync(await StartBundleAsync(bundlePath, targets, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>Uploads a bundle as <see cref="RunBundleAsync"/> does and returns the execution it started, without running it.</summary>
    public async Task<string> StartBundleAsync(string bundlePath, IReadOnlyList<string>? targets, CancellationToken cancellationToken)
    {
        var before = _engine.ListExecutions(_stateMachineArn).ToHashSet(StringComparer.Ordinal);
        var key = (targets is null ? BundlesPrefix : "requested/") + Path.GetFileName(bundlePath);
        try
        {
            ObjectInfo stored;
            await using (var zip = File.OpenRead(bundlePath))
                stored = await _store.PutAsync(BundlesBucket, key, zip, new PutOptions(ContentType: "application/zip"), cancellationToken).ConfigureAwait(false);
            if (targets is not null)
                await _host.Events.PutAsync(new JsonObject
                {
                    ["Source"] = "smus.pipeline",
                    ["DetailType"] = "Deployment Requested",
                    ["Detail"] = new JsonObject
                    {
                        ["bundle"] = $"s3://{BundlesBucket}/{key}",
                        ["versionId"] = stored.VersionId,
                        ["targets"] = new JsonArray([.. targets.Select(t => (JsonNode?)JsonValue.Create(t))]),
                        ["requestedBy"] = "smus-serverless run",
                    }.ToJsonString(),
                }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Even when cancelled half-way, what the upload started is this run's to stop.
            lock (_gate) _startedExecutions.AddRange(_engine.ListExecutions(_stateMachineArn).Where(arn => !before.Contains(arn)));
        }
        var started = _engine.ListExecutions(_stateMachineArn).Where(arn => !before.Contains(arn)).ToList();
        if (started.Count != 1)
            throw new InvalidOperationException(started.Count == 0
                ? "the bundle upload started no execution (see the Deployment Failed events, or functions.log in the state directory)"
                : "the bundle upload started more than one execution");
        return started[0];
    }

    /// <summary>Drives an execution: timers jump on the virtual clock; approvals wait for a person, or vote at once with auto-approve.</summary>
    public async Task<LocalRunResult> RunToEndAsync(string executionArn, CancellationToken cancellationToken)
    {
        while (true)
        {
            await _engine.RunUntilIdleAsync(cancellationToken).ConfigureAwait(false);
            var execution = _engine.DescribeExecution(executionArn);
            if (execution.Status != "RUNNING")
                return new LocalRunResult(execution.ExecutionArn, execution.Status, execution.Error, execution.Cause, execution.StateTransitions);

            if (_options.AutoApprove && TakePendingLinks() is { Count: > 0 } links)
            {
                using var http = new HttpClient();
                foreach (var link in links.Take(_options.Quorum))
                    await new ApprovalLinkClient(http).VoteAsync(link.Url, ApprovalDecision.Approve, "auto-approved by smus-serverless run --auto-approve", cancellationToken).ConfigureAwait(false);
                continue;
            }
            // Waiting for a person (an approval link or the approve command): check again shortly, in real time. The
            // virtual clock follows the real one meanwhile, so an approval nobody decides expires after the stack's
            // timeout, as on AWS.
            var waiting = _options.RealTime.GetTimestamp();
            await Task.Delay(PersonPollInterval, _options.RealTime, cancellationToken).ConfigureAwait(false);
            if (_options.VirtualClock)
                await _engine.AdvanceClockAsync(_options.RealTime.GetElapsedTime(waiting), cancellationToken).ConfigureAwait(false);
        }
    }

    private List<ApprovalLink> TakePendingLinks()
    {
        lock (_gate)
        {
            var links = _pendingLinks.ToList();
            _pendingLinks.Clear();
            return links;
        }
    }

    private void OnApprovalEvent(ApprovalEventEnvelope envelope, ApprovalRequestedEvent? requested)
    {
        if (requested is not null)
            lock (_gate)
            {
                _pendingLinks.AddRange(requested.Links);
                _requestedApprovals.Add(requested.Request.ApprovalId);
            }
        var detail = JsonNode.Parse(envelope.DetailJson);
        _onEvent(new JsonObject { ["source"] = envelope.Source, ["detail-type"] = envelope.DetailType, ["detail"] = detail });
    }

    private static async Task StartFromEventAsync(InProcessLambda invoker, JsonObject @event, CancellationToken cancellationToken)
    {
        var result = await invoker.InvokeAsync(FunctionPrefix + "start", Encoding.UTF8.GetBytes(@event.ToJsonString()), cancellationToken).ConfigureAwait(false);
        if (result.FunctionError is { } error)
            throw new InvalidOperationException($"the start function failed: {error.ErrorType}: {error.ErrorMessage}");
    }

    /// <summary>The template's DefinitionSubstitutions, offline: each function ARN names the in-process handler.</summary>
    private static string Substitute(string definition, string region) =>
        Placeholder().Replace(definition, match =>
        {
            var name = match.Groups[1].Value;
            if (name == "TestProjectName") return "smus-local-tests";
            if (!name.EndsWith("FunctionArn", StringComparison.Ordinal))
                throw new InvalidOperationException($"the state machine definition has a placeholder ${{{name}}} the local stack does not know");
            var handler = KebabCase(name[..^"FunctionArn".Length]);
            return $"arn:aws:lambda:{region}:000000000000:function:{FunctionPrefix}{handler}";
        });

    private static string KebabCase(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)\}")]
    private static partial Regex Placeholder();

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        await _approvals.DisposeAsync().ConfigureAwait(false);
        await _host.DisposeAsync().ConfigureAwait(false);
        if (_functionLog is not null) await _functionLog.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Lambda, offline: the function name's last segment after the prefix is the registered handler.</summary>
    private sealed class InProcessLambda(Action<FunctionInvocation> onInvoked) : ILambdaInvoker
    {
        public InProcessFunctions? Functions { get; set; }

        public async Task<LambdaInvocationResult> InvokeAsync(string functionName, byte[] payload, CancellationToken cancellationToken)
        {
            var name = functionName[(functionName.LastIndexOf(':') + 1)..];
            if (!name.StartsWith(FunctionPrefix, StringComparison.Ordinal) || Functions is null || !Functions.IsRegistered(name[FunctionPrefix.Length..]))
                throw new LambdaServiceException("ResourceNotFoundException", $"Function not found: {functionName}");
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await Functions.InvokeAsync(name[FunctionPrefix.Length..], payload, TimeSpan.FromMinutes(15), cancellationToken).ConfigureAwait(false);
            onInvoked(new FunctionInvocation(name[FunctionPrefix.Length..], result.Error is not null, System.Diagnostics.Stopwatch.GetElapsedTime(started)));
            return result.Error is { } error
                ? LambdaInvocationResult.Error(new LambdaFunctionError(error.ErrorType, error.ErrorMessage, error.StackTrace))
                : LambdaInvocationResult.Success(result.Payload!);
        }
    }

    /// <summary>The gate's Step Functions callback, straight into the local engine.</summary>
    private sealed class EngineTaskCallback(LocalStepFunctions engine) : ITaskCallback
    {
        public Task SendTaskSuccessAsync(string taskToken, string outputJson, CancellationToken cancellationToken) =>
            engine.SendTaskSuccessAsync(taskToken, outputJson, cancellationToken);

        public Task SendTaskFailureAsync(string taskToken, string error, string cause, CancellationToken cancellationToken) =>
            engine.SendTaskFailureAsync(taskToken, error, cause, cancellationToken);
    }
}
