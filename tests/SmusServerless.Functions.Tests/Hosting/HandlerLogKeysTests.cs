using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using NSubstitute;
using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Pipeline;
using SmusServerless.Functions.Approvals;
using SmusServerless.Functions.Hosting;
using SmusServerless.Functions.Pipeline;
using SmusServerless.Functions.Tests.Approvals;
using SmusServerless.Local.Approvals;
using SmusServerless.Local.S3;
using SmusServerless.Runtime;

namespace SmusServerless.Functions.Tests.Hosting;

/// <summary>
/// Every function of the catalog, invoked with each of its sample events (events/): each log line it writes carries the
/// run's <c>correlation_id</c> (the execution ARN) and the keys its input holds (pipeline, target, stage, bundle_version),
/// whether the invocation succeeds or fails on the offline world; the start function's lines carry the ARN of the
/// execution it started once StartExecution has returned; the approval endpoint's, the ARN of the approval's execution.
/// No line holds the sample's task token or link signature.
/// </summary>
public sealed class HandlerLogKeysTests : IDisposable
{
    private const string StartedArn = "arn:aws:states:us-east-1:111122223333:execution:smus-serverless-deployment:started-by-the-sample";
    private const string ApprovalArn = "arn:aws:states:us-east-1:111122223333:execution:smus-serverless-deployment:DemoMarketingPipeline-1-4-0-5d41402abc4b2a76b9719d91";

    private static readonly string Root = TestRepository.Root;

    private readonly TemporaryDirectory _state = new();
    private readonly StringWriter _events = new();
    private readonly MemoryStream _output = new();
    private readonly InProcessFunctions _functions;

    public HandlerLogKeysTests()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
        var runtime = InProcessFunctions.LocalServices("smus-test", _output, clock);
        var objects = new FileObjectStore(Path.Combine(_state.Path, "s3"));
        foreach (var bucket in new[] { "smus-serverless-bundlesbucket-example", "state" })
            objects.CreateBucket(bucket);
        var stepFunctions = Substitute.For<IStepFunctionsClient>();
        stepFunctions.StartExecutionAsync(Arg.Any<StartExecutionInput>(), Arg.Any<CancellationToken>())
            .Returns(new StartExecutionOutput { ExecutionArn = StartedArn });
        var settings = new PipelineSettings
        {
            StateBucket = "state", BundlesBucket = "smus-serverless-bundlesbucket-example",
            StateMachineArn = "arn:aws:states:us-east-1:111122223333:stateMachine:smus-serverless-deployment",
        };
        var services = new PipelineAdapters(settings, objects, _ => Substitute.For<IDataZoneClient>(), new NoEvents(), stepFunctions, clock);

        var gate = new ApprovalGate(new ApprovalGatePorts(
            new FileApprovalStore(Path.Combine(_state.Path, "approvals")),
            LocalMacService.FromStateDirectory(_state.Path),
            LocalTaskTokenVault.FromStateDirectory(_state.Path),
            new RecordingTaskCallback(),
            FileAuditLog.InStateDirectory(_state.Path),
            new JsonLinesApprovalNotifier(_events),
            new LoggerApprovalLog(runtime.LoggerFactory.CreateLogger("SmusServerless.Approvals")),
            clock), new ApprovalGateOptions(new ApprovalPolicy(EndpointFixture.Approvers, 2, TimeSpan.FromHours(24)), EndpointFixture.BaseUrl));
        // The approval the endpoint samples open, stored by its execution's request task (outside any invocation: no keys yet).
        gate.RequestHandler.HandleAsync(EndpointFixture.Input("DemoMarketingPipeline-1-4-0-5d41402abc4b2a76b9719d91.prod") with
        {
            Pipeline = "MarketingDemo", BundleVersion = "1.4.0", ExecutionArn = ApprovalArn,
        }, default).GetAwaiter().GetResult();

        // What FunctionCatalog registers, on the offline adapters.
        var registry = new HandlerRegistry();
        PipelineFunctions.Register(registry, _ => services);
        ApprovalFunctions.Register(registry, _ => services, _ => gate);
        Registered = registry.Names;
        _functions = new InProcessFunctions(registry, runtime);
        _setup = (int)_output.Length; // the approval request's lines above belong to no invocation
    }

    private readonly int _setup;

    private IReadOnlyCollection<string> Registered { get; }

    private static IReadOnlyList<string> SampleFiles =>
        [.. Directory.GetFiles(Path.Combine(Root, "events"), "*.json").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Samples() => [.. SampleFiles];

    [Fact]
    public void The_table_covers_every_function_of_the_catalog()
    {
        var catalog = new HandlerRegistry();
        FunctionCatalog.Register(catalog);
        var sampled = SampleFiles.Select(HandlerOf).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(13, catalog.Names.Count);
        Assert.Equal(catalog.Names.Order(StringComparer.Ordinal), Registered.Order(StringComparer.Ordinal));
        Assert.All(catalog.Names, name => Assert.Contains(name, sampled));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Each_log_line_of_a_sample_invocation_carries_the_run_correlation_id_and_the_keys_its_input_has(string file)
    {
        var handler = HandlerOf(file);
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "events", file)))!.AsObject();
        string? placeholderSignature = null;
        if (handler == "approval-endpoint")
        {
            // The sample's signature is a placeholder, refused before any record is read: open the link the request issued.
            placeholderSignature = SignatureOf((string)sample["rawQueryString"]!);
            sample["rawQueryString"] = new Uri(IssuedLink()).Query.TrimStart('?');
            if ((string?)sample["body"] is { } body)
            {
                // The form's nonce, too, is a placeholder: take the one of the page the link opens.
                var page = await _functions.InvokeAsync(handler, Encoding.UTF8.GetBytes(AwsGateFixture.FunctionUrlEvent(IssuedLink(), "GET", null).ToJsonString()), TimeSpan.FromMinutes(1), default);
                var nonce = EndpointFixture.NonceOf((string)JsonNode.Parse(page.Payload!)!["body"]!)!;
                var form = string.Join('&', Encoding.UTF8.GetString(Convert.FromBase64String(body)).Split('&')
                    .Select(field => field.StartsWith("nonce=", StringComparison.Ordinal) ? "nonce=" + Uri.EscapeDataString(nonce) : field));
                sample["body"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(form));
            }
        }

        var text = sample.ToJsonString();

        var result = await _functions.InvokeAsync(handler, Encoding.UTF8.GetBytes(text), TimeSpan.FromMinutes(1), default);

        var lines = LogLines();
        Assert.NotEmpty(lines);
        var expected = ExpectedKeys(handler, sample, result);
        var (correlationId, checkedLines) = handler switch
        {
            // Before StartExecution returns the start function has no execution; the lines after it (the last) do.
            "start" => (Started(result) ? StartedArn : null, lines.TakeLast(1).ToList()),
            "approval-endpoint" => (ApprovalArn, lines),
            _ => ((string?)sample["executionArn"], lines),
        };
        Assert.All(checkedLines, line =>
        {
            Assert.True(correlationId == (string?)line["correlation_id"], $"{file}: correlation_id is '{(string?)line["correlation_id"]}' in {line.ToJsonString()}");
            foreach (var (key, value) in expected)
                Assert.True(value == (string?)line[key], $"{file}: {key} is '{(string?)line[key]}', expected '{value}' in {line.ToJsonString()}");
        });
        if (handler != "start")
            Assert.NotNull(correlationId);

        var output = Encoding.UTF8.GetString(_output.ToArray());
        if (sample["taskToken"] is { } token)
            Assert.DoesNotContain((string)token!, output, StringComparison.Ordinal);
        if ((string?)sample["rawQueryString"] is { } query)
        {
            Assert.DoesNotContain(SignatureOf(query), output, StringComparison.Ordinal);
            Assert.DoesNotContain(placeholderSignature!, output, StringComparison.Ordinal);
        }
    }

    private static string SignatureOf(string query) => Uri.UnescapeDataString(query.Split("sig=")[1].Split('&')[0]);

    /// <summary>Bob's link (Alice is the bundle's author: she may look, not vote), from the stored approval's "Approval Requested".</summary>
    private string IssuedLink()
    {
        var requested = _events.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.Contains("\"Approval Requested\"", StringComparison.Ordinal));
        return (string)JsonNode.Parse(requested)!["detail"]!["links"]!.AsArray().Single(l => (string?)l!["approver"] == "bob@example.com")!["url"]!;
    }

    /// <summary>What the sample itself says, read here without the runtime's table of pointers.</summary>
    private static Dictionary<string, string> ExpectedKeys(string handler, JsonObject sample, InProcessResult result)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        if (handler == "approval-endpoint")
        {
            keys[ApprovalLogKeys.ApprovalId] = "DemoMarketingPipeline-1-4-0-5d41402abc4b2a76b9719d91.prod";
            keys[PipelineLogKeys.Pipeline] = "MarketingDemo";
            keys[PipelineLogKeys.Target] = "prod";
            keys[PipelineLogKeys.Stage] = "PROD";
            keys[PipelineLogKeys.BundleVersion] = "1.4.0";
            return keys;
        }

        var holder = sample["run"] is not null ? sample : sample["state"] as JsonObject;
        if (holder?["run"] is JsonObject run)
        {
            keys[PipelineLogKeys.Pipeline] = (string)run["pipelineName"]!;
            keys[PipelineLogKeys.BundleVersion] = (string)run["bundleVersion"]!;
        }

        if (holder?["target"] is JsonObject target)
        {
            keys[PipelineLogKeys.Target] = (string)target["name"]!;
            keys[PipelineLogKeys.Stage] = (string)target["stage"]!;
        }

        return keys;
    }

    private static bool Started(InProcessResult result) =>
        result.Payload is { } payload && JsonNode.Parse(payload)?["started"]?.GetValue<bool>() == true;

    private List<JsonObject> LogLines() =>
        [.. Encoding.UTF8.GetString(_output.ToArray()[_setup..]).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .Where(line => line["level"] is not null)];

    private static string HandlerOf(string file) => file switch
    {
        "s3-bundle-uploaded.json" or "deployment-requested.json" => "start",
        _ => file[..file.IndexOf('.', StringComparison.Ordinal)],
    };

    public void Dispose()
    {
        _state.Dispose();
        _output.Dispose();
    }

    private sealed class NoEvents : ILifecycleEvents
    {
        public Task PublishAsync(IReadOnlyList<LifecycleEvent> events, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
