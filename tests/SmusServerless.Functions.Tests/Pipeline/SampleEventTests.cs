using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NSubstitute;
using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Core.Pipeline;
using SmusServerless.Functions.Approvals;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Functions.Pipeline;

namespace SmusServerless.Functions.Tests.Pipeline;

/// <summary>
/// events/ holds one sample of every event and task input the functions take: each one is what its handler reads
/// (no member unknown to it, none missing), what the state machine passes, and the start and resolve samples run.
/// </summary>
public sealed class SampleEventTests : IDisposable
{
    /// <summary>The contracts read strictly: an unknown member, a missing one or a null where none may be fails.</summary>
    private static readonly PipelineJsonContext Strict = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    });

    /// <summary>What each handler deserializes its input into.</summary>
    private static readonly Dictionary<string, JsonTypeInfo> InputTypes = new(StringComparer.Ordinal)
    {
        ["start"] = Strict.JsonElement,
        ["resolve"] = Strict.ResolveInput,
        ["provision"] = Strict.ProvisionInput,
        ["subscribe"] = Strict.SubscribeInput,
        ["deploy"] = Strict.DeployInput,
        ["verify"] = Strict.VerifyInput,
        ["record-tests"] = Strict.RecordTestsInput,
        ["complete-target"] = Strict.CompleteTargetInput,
        ["complete-run"] = Strict.CompleteRunInput,
        ["report-failure"] = Strict.ReportFailureInput,
        ["request-approval"] = Strict.GateInput,
        ["expire-approval"] = Strict.GateTimeoutInput,
        // A Function URL event carries more than the endpoint reads (apiId, stage, ...): read as the handler reads it.
        ["approval-endpoint"] = ApprovalJsonContext.Default.FunctionUrlRequest,
    };

    private readonly HandlerHarness _harness = new();

    public static TheoryData<string> Samples() => [.. SampleEvents.Files];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_is_read_by_its_handler_with_no_unknown_or_missing_member(string file)
    {
        var handler = SampleEvents.HandlerOf(file);
        Assert.True(InputTypes.TryGetValue(handler, out var type), $"events/{file} names no known handler ('{handler}')");

        var input = JsonSerializer.Deserialize(SampleEvents.Text(file), type);

        Assert.NotNull(input);
    }

    [Fact]
    public void Every_function_of_the_template_has_a_sample()
    {
        var sampled = SampleEvents.Files.Select(SampleEvents.HandlerOf).ToHashSet(StringComparer.Ordinal);

        var missing = SampleEvents.TemplateHandlers().Where(handler => !sampled.Contains(handler)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_registered_pipeline_handler_has_a_sample()
    {
        var sampled = SampleEvents.Files.Select(SampleEvents.HandlerOf).ToHashSet(StringComparer.Ordinal);

        Assert.All(PipelineFunctions.Names, handler => Assert.Contains(handler, sampled));
    }

    [Fact]
    public void A_sample_with_a_member_its_contract_does_not_have_is_refused()
    {
        var sample = SampleEvents.Node("deploy.json");
        sample["atempt"] = 1;

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(sample.ToJsonString(), Strict.DeployInput));
    }

    /// <summary>Each task's sample has exactly the members the state machine's <c>Payload</c> gives that function.</summary>
    [Fact]
    public void Task_samples_have_exactly_the_members_the_state_machine_passes()
    {
        var payloads = StateMachinePayloads();
        var problems = new List<string>();
        foreach (var file in SampleEvents.Files)
        {
            var handler = SampleEvents.HandlerOf(file);
            if (!payloads.TryGetValue(handler, out var members)) continue;
            var sample = SampleEvents.Node(file).Select(member => member.Key).Order(StringComparer.Ordinal).ToList();
            if (!sample.SequenceEqual(members))
                problems.Add($"events/{file} has [{string.Join(", ", sample)}]; the state machine passes [{string.Join(", ", members)}]");
        }

        Assert.Empty(problems);
        Assert.Equal(11, payloads.Count); // every Lambda task of the state machine: all functions but start and approval-endpoint
    }

    [Fact]
    public async Task S3_upload_sample_starts_the_execution_whose_input_is_the_resolve_sample_request()
    {
        _harness.World.Settings = _harness.World.Settings with { BundlesBucket = "smus-serverless-bundlesbucket-example" };
        var started = new List<StartExecutionInput>();
        _harness.StepFunctions.StartExecutionAsync(Arg.Do<StartExecutionInput>(started.Add), Arg.Any<CancellationToken>())
            .Returns(new StartExecutionOutput { ExecutionArn = "arn:aws:states:us-east-1:111122223333:execution:smus-serverless-deployment:x" });

        var result = await _harness.InvokeSucceedingAsync("start", SampleEvents.Text("s3-bundle-uploaded.json"));

        Assert.True(result.GetProperty("started").GetBoolean());
        var input = JsonNode.Parse(Assert.Single(started).Input!);
        Assert.True(JsonNode.DeepEquals(SampleEvents.Node("resolve.json")["request"], input),
            $"start passes {input!.ToJsonString()}, events/resolve.json's request differs");
    }

    [Fact]
    public async Task Resolve_sample_plans_the_run_named_by_its_execution()
    {
        var bundle = await _harness.World.PublishBundleAsync("1.4.0", SampleManifests.Demo(),
            new Dictionary<string, string> { ["src/a.py"] = "a", ["workflows/dags/d.py"] = "d" }, SampleManifests.Rules);
        _harness.World.DataZone.ListDomainsAsync(Arg.Any<ListDomainsInput>(), Arg.Any<CancellationToken>())
            .Returns(new ListDomainsOutput { Items = [new DomainSummary { Id = "dzd_corp", Name = "corp", Status = "AVAILABLE" }] });
        var sample = SampleEvents.Node("resolve.json");
        sample["request"]!["bundle"] = JsonSerializer.SerializeToNode(bundle, PipelineJsonContext.Default.BundleReference);

        var plan = JsonSerializer.Deserialize((await _harness.InvokeSucceedingAsync("resolve", sample.ToJsonString())).GetRawText(),
            PipelineJsonContext.Default.DeploymentPlan)!;

        Assert.Equal("DemoMarketingPipeline-1-4-0-5d41402abc4b2a76b9719d91", plan.Run.RunId);
        Assert.Equal(DateTimeOffset.Parse("2026-11-27T09:00:03.512Z"), plan.Run.StartedAt);
        Assert.Equal(["dev", "prod"], plan.Targets.Select(t => t.Name));
        Assert.Equal([false, true], plan.Targets.Select(t => t.Gated));
        Assert.All(plan.Targets, t => Assert.Equal("dzd_corp", t.Domain.Id));
        Assert.Equal(LifecycleEvents.DeploymentStarted, Assert.Single(_harness.World.Events.Published).DetailType);
    }

    /// <summary>What record-tests returns reaches complete-target's testResults as a whole TestSummary.</summary>
    [Fact]
    public void Record_tests_result_is_passed_on_as_a_test_summary()
    {
        var definition = JsonNode.Parse(File.ReadAllText(Path.Combine(SampleEvents.Root, "statemachines", "deployment-pipeline.asl.json")))!;
        var state = States(definition["States"]!.AsObject()).Single(s => s["Parameters"]?["FunctionName"]?.GetValue<string>() == "${RecordTestsFunctionArn}");
        var problems = new List<(string, string)>();
        var selector = Local.StepFunctions.Json.PayloadTemplate.Compile(state["ResultSelector"]!.DeepClone(), "Record tests.ResultSelector", problems);
        Assert.Empty(problems);
        var summary = new TestSummary(14, 0, 0, 1, "test-reports/MarketingDemo/test/run.xml");
        var lambdaResult = new JsonObject { ["StatusCode"] = 200, ["Payload"] = JsonSerializer.SerializeToNode(summary, PipelineJsonContext.Default.TestSummary) };

        var selected = selector.Evaluate(lambdaResult, null, Local.StepFunctions.Intrinsics.IntrinsicEnvironment.Default);

        Assert.Equal(summary, JsonSerializer.Deserialize(selected!.ToJsonString(), Strict.TestSummary));
        Assert.Equal(SampleEvents.Node("complete-target.json")["testResults"]!.AsObject().Select(m => m.Key).Order(StringComparer.Ordinal),
            selected.AsObject().Select(m => m.Key).Order(StringComparer.Ordinal));
    }

    /// <summary>Handler name → the sorted member names of the Payload its Task state passes.</summary>
    private static Dictionary<string, List<string>> StateMachinePayloads()
    {
        var definition = JsonNode.Parse(File.ReadAllText(Path.Combine(SampleEvents.Root, "statemachines", "deployment-pipeline.asl.json")))!;
        var payloads = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var state in States(definition["States"]!.AsObject()))
        {
            if (state["Type"]?.GetValue<string>() != "Task" || state["Parameters"]?["FunctionName"] is not JsonValue function) continue;
            var placeholder = function.GetValue<string>(); // ${ResolveFunctionArn}
            var handler = Kebab(placeholder["${".Length..^"FunctionArn}".Length]);
            payloads[handler] = [.. state["Parameters"]!["Payload"]!.AsObject().Select(m => m.Key.EndsWith(".$", StringComparison.Ordinal) ? m.Key[..^2] : m.Key)
                .Order(StringComparer.Ordinal)];
        }
        return payloads;
    }

    private static IEnumerable<JsonObject> States(JsonObject states)
    {
        foreach (var (_, node) in states)
        {
            var state = node!.AsObject();
            yield return state;
            if ((state["ItemProcessor"] ?? state["Iterator"])?["States"] is JsonObject inner)
                foreach (var nested in States(inner)) yield return nested;
            foreach (var branch in state["Branches"]?.AsArray() ?? [])
                foreach (var nested in States(branch!["States"]!.AsObject())) yield return nested;
        }
    }

    /// <summary>RecordTests → record-tests: the template names each function for its handler.</summary>
    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public void Dispose() => _harness.Dispose();
}
