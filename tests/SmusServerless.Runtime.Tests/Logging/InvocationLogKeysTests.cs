using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using SmusServerless.Runtime.Logging;
using SmusServerless.Runtime.Tests.Fakes;

namespace SmusServerless.Runtime.Tests.Logging;

internal sealed record StepRequest(string? ExecutionArn, StepRun? Run, string? TaskToken, bool Fail = false, int DelayMs = 0);

internal sealed record StepRun(string PipelineName, string BundleVersion);

internal sealed record StepResponse(string? ExecutionArn, string Status);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StepRequest))]
[JsonSerializable(typeof(StepResponse))]
internal sealed partial class StepJsonContext : JsonSerializerContext;

/// <summary>Logs a line, waits (so invocations overlap) and answers; <c>startedArn</c> is what a "start" learns on the way.</summary>
internal sealed class StepHandler(RuntimeServices services, string? startedArn = null) : ILambdaHandler<StepRequest, StepResponse>
{
    private readonly ILogger _logger = services.LoggerFactory.CreateLogger("step");

    public JsonTypeInfo<StepRequest> RequestTypeInfo => StepJsonContext.Default.StepRequest;

    public JsonTypeInfo<StepResponse> ResponseTypeInfo => StepJsonContext.Default.StepResponse;

    public async Task<StepResponse> HandleAsync(StepRequest input, ILambdaContext context, CancellationToken cancellationToken)
    {
        _logger.LogInformation("working");
        if (input.DelayMs > 0)
            await Task.Delay(input.DelayMs, cancellationToken);
        _logger.LogInformation("still working");
        if (input.Fail)
            throw new InvalidOperationException("the step failed");
        return new StepResponse(startedArn, "READY");
    }
}

/// <summary>
/// The runtime sets each invocation's correlation_id and appended keys from JSON Pointers into its input (and output),
/// on every line of that invocation and of no other: not the next one in a warm sandbox, not one running beside it.
/// </summary>
public sealed class InvocationLogKeysTests
{
    private const string Arn1 = "arn:aws:states:us-east-1:111122223333:execution:smus-deployment:run-1";
    private const string Arn2 = "arn:aws:states:us-east-1:111122223333:execution:smus-deployment:run-2";

    private static InvocationLogKeys Keys() => new InvocationLogKeys()
        .CorrelationIdFrom("/executionArn")
        .Key("pipeline", "/run/pipelineName")
        .Key("bundle_version", "/run/bundleVersion");

    private static string Input(string? arn, string? pipeline = "Marketing", bool fail = false, int delayMs = 0) =>
        JsonSerializer.Serialize(new StepRequest(arn, pipeline is null ? null : new StepRun(pipeline, "1.4.0"), "AAAAKgAAAAIAAAAAAAAAAQ1tokenvalue1234567890abcdefGHIJ", fail, delayMs),
            StepJsonContext.Default.StepRequest);

    private static (InProcessFunctions Functions, CapturedOutput Output) InProcess(string? startedArn = null)
    {
        var output = new CapturedOutput();
        var registry = new HandlerRegistry();
        registry.Add("step", s => new StepHandler(s, startedArn), Keys());
        return (new InProcessFunctions(registry, InProcessFunctions.LocalServices("smus-test", output, TimeProvider.System)), output);
    }

    private static IReadOnlyList<JsonElement> LogLines(CapturedOutput output) =>
        output.Documents.Where(d => d.TryGetProperty("level", out _)).ToList();

    private static string? Text(JsonElement line, string key) =>
        line.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [Fact]
    public async Task Every_line_of_an_invocation_carries_the_correlation_id_and_keys_of_its_input()
    {
        await using var harness = await RuntimeHarness.StartAsync("step", r => r.Add("step", s => new StepHandler(s), Keys()));
        harness.Api.Enqueue(harness.Invocation("req-1", Input(Arn1)));

        Assert.Equal("response", (await harness.Api.ResultFor("req-1")).Kind);

        var lines = LogLines(harness.Output);
        Assert.Equal(3, lines.Count); // working, still working, the runtime's "handled" line
        Assert.All(lines, line =>
        {
            Assert.Equal(Arn1, Text(line, "correlation_id"));
            Assert.Equal("Marketing", Text(line, "pipeline"));
            Assert.Equal("1.4.0", Text(line, "bundle_version"));
            Assert.Equal("req-1", Text(line, "function_request_id"));
        });
        Assert.Contains(lines, line => Text(line, "message")!.StartsWith("step handled the invocation in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keys_do_not_leak_into_the_next_invocation_of_a_warm_sandbox()
    {
        await using var harness = await RuntimeHarness.StartAsync("step", r => r.Add("step", s => new StepHandler(s), Keys()));
        harness.Api.Enqueue(harness.Invocation("req-1", Input(Arn1)));
        harness.Api.Enqueue(harness.Invocation("req-2", Input(null, pipeline: null)));

        await harness.Api.ResultFor("req-1");
        await harness.Api.ResultFor("req-2");

        var second = LogLines(harness.Output).Where(line => Text(line, "function_request_id") == "req-2").ToList();
        Assert.NotEmpty(second);
        Assert.All(second, line =>
        {
            Assert.False(line.TryGetProperty("correlation_id", out _));
            Assert.False(line.TryGetProperty("pipeline", out _));
            Assert.False(line.GetProperty("cold_start").GetBoolean());
        });
    }

    [Fact]
    public async Task The_runtime_error_line_of_a_failed_invocation_carries_them_too()
    {
        await using var harness = await RuntimeHarness.StartAsync("step", r => r.Add("step", s => new StepHandler(s), Keys()));
        harness.Api.Enqueue(harness.Invocation("req-1", Input(Arn1, fail: true)));

        Assert.Equal("error", (await harness.Api.ResultFor("req-1")).Kind);

        var error = Assert.Single(LogLines(harness.Output), line => Text(line, "level") == "Error");
        Assert.Equal(Arn1, Text(error, "correlation_id"));
        Assert.Equal("Marketing", Text(error, "pipeline"));
    }

    [Fact]
    public async Task Concurrent_in_process_invocations_keep_their_keys_apart()
    {
        var (functions, output) = InProcess();

        await Task.WhenAll(
            functions.InvokeAsync("step", Encoding.UTF8.GetBytes(Input(Arn1, "Marketing", delayMs: 50)), TimeSpan.FromSeconds(10), default),
            functions.InvokeAsync("step", Encoding.UTF8.GetBytes(Input(Arn2, "Finance", delayMs: 50)), TimeSpan.FromSeconds(10), default));

        var lines = LogLines(output);
        Assert.Equal(6, lines.Count);
        Assert.All(lines, line => Assert.Equal(Text(line, "correlation_id") == Arn1 ? "Marketing" : "Finance", Text(line, "pipeline")));
        Assert.Equal(3, lines.Count(line => Text(line, "correlation_id") == Arn1));
        Assert.Equal(3, lines.Count(line => Text(line, "correlation_id") == Arn2));
        // Each invocation has its own request id, shared by all its lines.
        Assert.Equal(2, lines.Select(line => Text(line, "function_request_id")).Distinct().Count());
    }

    [Fact]
    public async Task An_output_fills_in_the_correlation_id_the_input_lacked_for_the_lines_after_it()
    {
        var (functions, output) = InProcess(startedArn: Arn1);

        var result = await functions.InvokeAsync("step", Encoding.UTF8.GetBytes(Input(null, pipeline: null)), TimeSpan.FromSeconds(10), default);

        Assert.Null(result.Error);
        var lines = LogLines(output);
        Assert.All(lines.Where(line => Text(line, "name") == "step"), line => Assert.False(line.TryGetProperty("correlation_id", out _)));
        Assert.Equal(Arn1, Text(lines[^1], "correlation_id")); // the runtime's "handled" line, after the output
    }

    [Fact]
    public async Task Malformed_input_leaves_the_keys_unset_and_is_reported_as_before()
    {
        var (functions, output) = InProcess();

        var result = await functions.InvokeAsync("step", "{\"executionArn\": [1,"u8.ToArray(), TimeSpan.FromSeconds(10), default);

        Assert.Equal("Runtime.InvalidInput", result.Error?.ErrorType);
        Assert.All(LogLines(output), line => Assert.False(line.TryGetProperty("correlation_id", out _)));
    }

    [Fact]
    public async Task The_task_token_of_an_input_is_in_no_line()
    {
        var (functions, output) = InProcess();

        await functions.InvokeAsync("step", Encoding.UTF8.GetBytes(Input(Arn1)), TimeSpan.FromSeconds(10), default);

        Assert.DoesNotContain("tokenvalue", output.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/taskToken")]
    [InlineData("/approval/sig")]
    [InlineData("/request/headers/authorization")]
    [InlineData("/link/signature")]
    public void A_pointer_through_a_secret_named_member_is_refused(string pointer)
    {
        Assert.Throws<ArgumentException>(() => new InvocationLogKeys().Key("value", pointer));
        Assert.Throws<ArgumentException>(() => new InvocationLogKeys().CorrelationIdFrom(pointer));
    }

    [Theory]
    [InlineData("task_token")]
    [InlineData("signature")]
    [InlineData("correlation_id")]
    [InlineData("level")]
    public void A_secret_named_or_standard_key_is_refused(string key) =>
        Assert.Throws<ArgumentException>(() => new InvocationLogKeys().Key(key, "/run/pipelineName"));

    [Fact]
    public void A_pointer_must_be_a_json_pointer() =>
        Assert.Throws<ArgumentException>(() => new InvocationLogKeys().Key("pipeline", "run.pipelineName"));

    [Fact]
    public void Current_is_the_context_of_the_running_invocation_only()
    {
        Assert.Null(LambdaLogContext.Current);
    }
}
