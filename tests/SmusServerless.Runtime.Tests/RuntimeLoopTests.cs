using System.Text.Json;
using SmusServerless.Runtime.Tests.Fakes;

namespace SmusServerless.Runtime.Tests;

/// <summary>The next / response / error / init-error loop, run against a fake Runtime API on 127.0.0.1.</summary>
public sealed class RuntimeLoopTests
{
    private static void RegisterGreeting(HandlerRegistry registry) => registry.Add("greet", _ => new GreetingHandler());

    [Fact]
    public async Task Posts_the_handler_result_as_the_invocation_response()
    {
        await using var harness = await RuntimeHarness.StartAsync("greet", RegisterGreeting);
        harness.Api.Enqueue(harness.Invocation("req-1", """{"name":"Ada"}"""));

        var posted = await harness.Api.ResultFor("req-1");

        Assert.Equal("response", posted.Kind);
        Assert.Equal("""{"greeting":"Hello, Ada"}""", posted.Body);
        Assert.Equal("application/json", posted.ContentType);
    }

    [Fact]
    public async Task Serves_invocations_one_after_another_until_stopped()
    {
        await using var harness = await RuntimeHarness.StartAsync("greet", RegisterGreeting);
        harness.Api.Enqueue(harness.Invocation("req-1", """{"name":"Ada"}"""));
        harness.Api.Enqueue(harness.Invocation("req-2", """{"name":"Grace"}"""));
        harness.Api.Enqueue(harness.Invocation("req-3", """{"name":"Edsger"}"""));

        var bodies = new[] { await harness.Api.ResultFor("req-1"), await harness.Api.ResultFor("req-2"), await harness.Api.ResultFor("req-3") }
            .Select(posted => posted.Body);

        Assert.Equal(["""{"greeting":"Hello, Ada"}""", """{"greeting":"Hello, Grace"}""", """{"greeting":"Hello, Edsger"}"""], bodies);
        Assert.Equal(0, await harness.StopAsync());
    }

    [Fact]
    public async Task Reports_a_handler_exception_as_an_invocation_error_with_its_type_and_message()
    {
        await using var harness = await RuntimeHarness.StartAsync("greet",
            registry => registry.Add("greet", _ => new ThrowingHandler(new InvalidOperationException("The project is not ACTIVE"))));
        harness.Api.Enqueue(harness.Invocation("req-1", """{"name":"Ada"}"""));

        var posted = await harness.Api.ResultFor("req-1");

        Assert.Equal("error", posted.Kind);
        Assert.Equal("InvalidOperationException", posted.ErrorTypeHeader);
        Assert.Equal("application/vnd.aws.lambda.error+json", posted.ContentType);
        var body = JsonDocument.Parse(posted.Body).RootElement;
        Assert.Equal("InvalidOperationException", body.GetProperty("errorType").GetString());
        Assert.Equal("The project is not ACTIVE", body.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("stackTrace").ValueKind);
    }

    [Fact]
    public async Task Keeps_serving_after_a_failed_invocation()
    {
        await using var harness = await RuntimeHarness.StartAsync("picky", registry => registry.Add("picky", _ => new PickyHandler()));
        harness.Api.Enqueue(harness.Invocation("req-1", """{"name":"boom"}"""));
        harness.Api.Enqueue(harness.Invocation("req-2", """{"name":"Ada"}"""));

        var first = await harness.Api.ResultFor("req-1");
        var second = await harness.Api.ResultFor("req-2");

        Assert.Equal(("error", "response"), (first.Kind, second.Kind));
        Assert.Equal("""{"greeting":"Hello, Ada"}""", second.Body);
    }

    [Fact]
    public async Task Reports_an_unknown_handler_as_an_init_error_and_exits()
    {
        await using var harness = await RuntimeHarness.StartAsync("provision", RegisterGreeting);

        var posted = await harness.Api.InitError;
        var exitCode = await harness.Run!.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(LambdaRuntime.ExitCodes.InitFailed, exitCode);
        Assert.Equal("Runtime.UnknownHandler", posted.ErrorTypeHeader);
        var body = JsonDocument.Parse(posted.Body).RootElement;
        Assert.Equal("Runtime.UnknownHandler", body.GetProperty("errorType").GetString());
        Assert.Equal("No handler is registered as 'provision' (registered: greet).", body.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task Reports_a_missing_handler_setting_as_an_init_error()
    {
        await using var harness = await RuntimeHarness.StartAsync(handler: null, RegisterGreeting);

        var posted = await harness.Api.InitError;

        Assert.Equal("Runtime.HandlerNotSet", posted.ErrorTypeHeader);
        Assert.Equal(LambdaRuntime.ExitCodes.InitFailed, await harness.Run!.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Reports_a_failing_handler_factory_as_an_init_error()
    {
        await using var harness = await RuntimeHarness.StartAsync("greet", registry =>
            registry.Add<GreetingRequest, GreetingResponse>("greet", _ => throw new InvalidOperationException("BUNDLES_BUCKET is not set")));

        var body = JsonDocument.Parse((await harness.Api.InitError).Body).RootElement;

        Assert.Equal("Runtime.HandlerInitFailed", body.GetProperty("errorType").GetString());
        Assert.Equal("Handler 'greet' could not be built: InvalidOperationException: BUNDLES_BUCKET is not set",
            body.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task Reports_an_unusable_setting_as_an_init_error_naming_the_variable()
    {
        await using var harness = await RuntimeHarness.StartAsync("greet", RegisterGreeting,
            [new("POWERTOOLS_LOG_LEVEL", "Verbose")]);

        var body = JsonDocument.Parse((await harness.Api.InitError).Body).RootElement;

        Assert.Equal("Runtime.InvalidConfiguration", body.GetProperty("errorType").GetString());
        Assert.StartsWith("POWERTOOLS_LOG_LEVEL is 'Verbose', expected one of", body.GetProperty("errorMessage").GetString());
        Assert.Equal(LambdaRuntime.ExitCodes.InitFailed, await harness.Run!.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Exits_when_the_runtime_api_reports_a_container_error()
    {
        await using var harness = await RuntimeHarness.StartAsync("greet", RegisterGreeting);
        harness.Api.Enqueue(new FakeInvocation("unused", "{}", harness.DeadlineIn(TimeSpan.FromSeconds(3)), FailWithStatus: 500));

        var exitCode = await harness.Run!.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(LambdaRuntime.ExitCodes.RuntimeApiFailed, exitCode);
    }

    [Fact]
    public async Task Reports_a_response_lambda_refuses_as_too_large_as_an_invocation_error()
    {
        await using var harness = await RuntimeHarness.StartAsync("greet", RegisterGreeting);
        harness.Api.Enqueue(harness.Invocation("req-1", """{"name":"Ada"}""") with { RejectResponseWithStatus = 413 });

        var posted = await harness.Api.ResultFor("req-1");

        Assert.Equal(("error", "Runtime.ResponseTooLarge"), (posted.Kind, posted.ErrorTypeHeader));
    }

    [Fact]
    public async Task Carries_on_after_lambda_refuses_a_post_with_a_client_error()
    {
        await using var harness = await RuntimeHarness.StartAsync("greet", RegisterGreeting);
        harness.Api.Enqueue(harness.Invocation("req-1", """{"name":"Ada"}""") with { RejectResponseWithStatus = 400 });
        harness.Api.Enqueue(harness.Invocation("req-2", """{"name":"Grace"}"""));

        var posted = await harness.Api.ResultFor("req-2");

        Assert.Equal("""{"greeting":"Hello, Grace"}""", posted.Body);
    }

    [Fact]
    public async Task Reports_unreadable_input_without_echoing_it()
    {
        await using var harness = await RuntimeHarness.StartAsync("greet", RegisterGreeting);
        harness.Api.Enqueue(harness.Invocation("req-1", """{"name": 42, "note": "private-value"}"""));

        var posted = await harness.Api.ResultFor("req-1");

        var body = JsonDocument.Parse(posted.Body).RootElement;
        Assert.Equal("Runtime.InvalidInput", body.GetProperty("errorType").GetString());
        Assert.Contains("$.name", body.GetProperty("errorMessage").GetString());
        Assert.DoesNotContain("private-value", posted.Body);
        Assert.DoesNotContain("private-value", harness.Output.Text);
    }

    [Fact]
    public async Task Cancels_the_handler_before_the_deadline_and_reports_the_timeout()
    {
        var handler = new WaitingHandler();
        var reserve = TimeSpan.FromMilliseconds(500);
        await using var harness = await RuntimeHarness.StartAsync("wait", registry => registry.Add("wait", _ => handler),
            options: new RuntimeOptions { DeadlineReserve = reserve });
        harness.Api.Enqueue(new FakeInvocation("req-1", """{"name":"Ada"}""", harness.DeadlineIn(TimeSpan.FromSeconds(10))));
        var token = await handler.Started;

        harness.Time.Advance(TimeSpan.FromSeconds(10) - reserve - TimeSpan.FromMilliseconds(1));
        var cancelledEarly = token.IsCancellationRequested;
        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        var posted = await harness.Api.ResultFor("req-1");

        Assert.False(cancelledEarly);
        Assert.True(token.IsCancellationRequested);
        Assert.Equal("Runtime.DeadlineExceeded", posted.ErrorTypeHeader);
    }

    [Fact]
    public async Task Cancels_at_once_when_the_deadline_is_already_inside_the_reserve()
    {
        var handler = new WaitingHandler();
        await using var harness = await RuntimeHarness.StartAsync("wait", registry => registry.Add("wait", _ => handler));
        harness.Api.Enqueue(new FakeInvocation("req-1", """{"name":"Ada"}""", harness.DeadlineIn(TimeSpan.FromMilliseconds(200))));

        var posted = await harness.Api.ResultFor("req-1");

        Assert.Equal("Runtime.DeadlineExceeded", posted.ErrorTypeHeader);
    }

    [Fact]
    public async Task Hands_the_handler_a_context_from_the_invocation_headers_and_environment()
    {
        await using var harness = await RuntimeHarness.StartAsync("echo", registry => registry.Add("echo", services => new ContextEchoHandler(services)));
        harness.Api.Enqueue(new FakeInvocation("req-9", """{"name":"Ada"}""", harness.DeadlineIn(TimeSpan.FromSeconds(42)),
            FunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:smus-resolve:live",
            ClientContext: """{"client":{"app_title":"ci"}}""", CognitoIdentity: """{"cognitoIdentityId":"id-1"}"""));

        var snapshot = JsonSerializer.Deserialize((await harness.Api.ResultFor("req-9")).Body, TestJsonContext.Default.ContextSnapshot)!;

        Assert.Equal(new ContextSnapshot("req-9", "smus-resolve", "7", 512,
            "arn:aws:lambda:eu-west-1:123456789012:function:smus-resolve:live", "/aws/lambda/smus-resolve", "2026/11/27/[7]abcdef",
            null, null, """{"client":{"app_title":"ci"}}""", """{"cognitoIdentityId":"id-1"}""", 42_000), snapshot);
    }

    [Fact]
    public async Task Propagates_the_trace_id_to_the_context_the_environment_and_the_logs()
    {
        const string trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        await using var harness = await RuntimeHarness.StartAsync("echo", registry => registry.Add("echo", services => new ContextEchoHandler(services)));
        harness.Api.Enqueue(harness.Invocation("req-1", """{"name":"Ada"}""", traceId: trace));

        var snapshot = JsonSerializer.Deserialize((await harness.Api.ResultFor("req-1")).Body, TestJsonContext.Default.ContextSnapshot)!;

        Assert.Equal(trace, snapshot.TraceId);
        Assert.Equal(trace, snapshot.TraceEnvironmentVariable);
        var line = harness.Output.Documents.Single(document => document.GetProperty("message").GetString() == "Echoing the context");
        Assert.Equal("1-5759e988-bd862e3fe1be46a994272793", line.GetProperty("xray_trace_id").GetString());
    }

    [Fact]
    public async Task Clears_the_previous_trace_id_when_an_invocation_has_none()
    {
        await using var harness = await RuntimeHarness.StartAsync("echo", registry => registry.Add("echo", services => new ContextEchoHandler(services)));
        harness.Api.Enqueue(harness.Invocation("req-1", """{"name":"Ada"}""", traceId: "Root=1-5759e988-bd862e3fe1be46a994272793"));
        harness.Api.Enqueue(harness.Invocation("req-2", """{"name":"Ada"}"""));

        await harness.Api.ResultFor("req-1");
        var second = JsonSerializer.Deserialize((await harness.Api.ResultFor("req-2")).Body, TestJsonContext.Default.ContextSnapshot)!;

        Assert.Null(second.TraceEnvironmentVariable);
    }

    [Fact]
    public async Task Flushes_the_metrics_of_each_invocation_as_EMF()
    {
        await using var harness = await RuntimeHarness.StartAsync("count", registry => registry.Add("count", services =>
            new MetricRecordingHandler(services)));
        harness.Api.Enqueue(harness.Invocation("req-1", """{"name":"Ada"}"""));

        await harness.Api.ResultFor("req-1");

        var emf = harness.Output.Documents.Single(document => document.TryGetProperty("_aws", out _));
        Assert.Equal(1, emf.GetProperty("FilesDeployed").GetDouble());
        Assert.Equal("SmusServerless", emf.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString());
    }

    private sealed class PickyHandler : ILambdaHandler<GreetingRequest, GreetingResponse>
    {
        public System.Text.Json.Serialization.Metadata.JsonTypeInfo<GreetingRequest> RequestTypeInfo => TestJsonContext.Default.GreetingRequest;

        public System.Text.Json.Serialization.Metadata.JsonTypeInfo<GreetingResponse> ResponseTypeInfo => TestJsonContext.Default.GreetingResponse;

        public Task<GreetingResponse> HandleAsync(GreetingRequest input, ILambdaContext context, CancellationToken cancellationToken) =>
            input.Name == "boom" ? throw new ArgumentException("boom is not a name") : Task.FromResult(new GreetingResponse($"Hello, {input.Name}"));
    }

    private sealed class MetricRecordingHandler(RuntimeServices services) : ILambdaHandler<GreetingRequest, GreetingResponse>
    {
        public System.Text.Json.Serialization.Metadata.JsonTypeInfo<GreetingRequest> RequestTypeInfo => TestJsonContext.Default.GreetingRequest;

        public System.Text.Json.Serialization.Metadata.JsonTypeInfo<GreetingResponse> ResponseTypeInfo => TestJsonContext.Default.GreetingResponse;

        public Task<GreetingResponse> HandleAsync(GreetingRequest input, ILambdaContext context, CancellationToken cancellationToken)
        {
            services.Metrics.AddMetric("FilesDeployed", 1, Metrics.MetricUnit.Count);
            return Task.FromResult(new GreetingResponse("done"));
        }
    }
}
