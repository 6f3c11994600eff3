using System.Net;
using System.Text.Json.Nodes;
using SmusServerless.Local.DataZone;
using SmusServerless.Local.Endpoints;
using SmusServerless.Local.Endpoints.Signing;
using SmusServerless.Local.Events;
using SmusServerless.Local.Tests.DataZone;

namespace SmusServerless.Local.Tests.Endpoints;

public sealed class LocalAwsHostTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private readonly HttpClient _http = new();
    private readonly List<JsonObject> _delivered = [];
    private InMemoryStepFunctionsBackend _backend = null!;
    private LocalAwsHost _host = null!;

    public async Task InitializeAsync()
    {
        _backend = new InMemoryStepFunctionsBackend(_clock);
        _host = await LocalAwsHost.StartAsync(new LocalAwsHostOptions
        {
            TimeProvider = _clock,
            Seed = DataZoneSeed.Parse(SimulatorFixture.SeedJson),
            StepFunctions = _backend,
            EventRules =
            [
                new EventRule("deployments", EventPattern.Parse("""{"source":["smus.pipeline"],"detail-type":[{"prefix":"Deployment"}]}"""),
                    new DelegateEventTarget((e, _) => { lock (_delivered) { _delivered.Add(e); } return Task.CompletedTask; })),
            ],
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _http.Dispose();
    }

    private Task<HttpResponseMessage> DataZone(HttpMethod method, string path, string? body = null) =>
        _http.SendSignedAsync(method, new Uri(_host.DataZoneUrl, path), "datazone", body);

    private Task<HttpResponseMessage> Json(string service, string target, string body, string contentType) =>
        _http.SendSignedAsync(HttpMethod.Post, service == "states" ? _host.StepFunctionsUrl : _host.EventBridgeUrl, service, body,
            [new("X-Amz-Target", target)]);

    [Fact]
    public void Listens_on_a_free_loopback_port()
    {
        Assert.Equal("127.0.0.1", _host.BaseUrl.Host);
        Assert.NotEqual(0, _host.BaseUrl.Port);
    }

    [Fact]
    public async Task DataZone_answers_signed_restjson_requests()
    {
        var response = await DataZone(HttpMethod.Post, $"/v2/domains/{SimulatorFixture.DomainId}/projects", """{"name":"via-http"}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var listed = await DataZone(HttpMethod.Get, $"/v2/domains/{SimulatorFixture.DomainId}/projects?name=via-http");
        var body = JsonNode.Parse(await listed.Content.ReadAsStringAsync())!;
        Assert.Equal("via-http", (string?)body["items"]![0]!["name"]);
    }

    [Fact]
    public async Task DataZone_errors_carry_the_error_type_header()
    {
        var response = await DataZone(HttpMethod.Get, "/v2/domains/dzd_nothere1");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task An_unsigned_request_is_refused()
    {
        var response = await _http.GetAsync(new Uri(_host.DataZoneUrl, "/v2/domains"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task A_request_signed_with_the_wrong_secret_is_refused_without_echoing_it()
    {
        var wrong = LocalAwsCredentials.Default with { SecretAccessKey = "not-the-secret" };
        var response = await _http.SendSignedAsync(HttpMethod.Get, new Uri(_host.DataZoneUrl, "/v2/domains"), "datazone", null, credentials: wrong);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("InvalidSignatureException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.DoesNotContain("not-the-secret", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_access_key_is_refused()
    {
        var stranger = LocalAwsCredentials.Default with { AccessKeyId = "AKIASTRANGER" };
        var response = await _http.SendSignedAsync(HttpMethod.Get, new Uri(_host.DataZoneUrl, "/v2/domains"), "datazone", null, credentials: stranger);
        Assert.Equal("UnrecognizedClientException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task PutEvents_routes_matching_events_to_rule_targets()
    {
        var response = await Json("events", "AWSEvents.PutEvents", """
            {"Entries":[
              {"Source":"smus.pipeline","DetailType":"Deployment Started","Detail":"{\"bundle\":\"s3://b/k.zip\"}"},
              {"Source":"smus.pipeline","DetailType":"Approval Requested","Detail":"{}"}]}
            """, "application/x-amz-json-1.1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(0, (int?)body["FailedEntryCount"]);
        Assert.Equal(2, body["Entries"]!.AsArray().Count);
        var delivered = Assert.Single(_delivered);
        Assert.Equal("Deployment Started", (string?)delivered["detail-type"]);
        Assert.Equal("s3://b/k.zip", (string?)delivered["detail"]!["bundle"]);
        Assert.Equal(2, _host.Events.Log.Count);
    }

    [Fact]
    public async Task PutEvents_reports_a_malformed_detail_per_entry()
    {
        var response = await Json("events", "AWSEvents.PutEvents", """{"Entries":[{"Source":"s","DetailType":"d","Detail":"not json"}]}""", "application/x-amz-json-1.1");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(1, (int?)body["FailedEntryCount"]);
        Assert.Equal("MalformedDetail", (string?)body["Entries"]![0]!["ErrorCode"]);
    }

    [Fact]
    public async Task PutEvents_validates_the_entry_count_against_the_model()
    {
        var entries = string.Join(',', Enumerable.Repeat("""{"Source":"s","DetailType":"d","Detail":"{}"}""", 11));
        var response = await Json("events", "AWSEvents.PutEvents", $$"""{"Entries":[{{entries}}]}""", "application/x-amz-json-1.1");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ValidationException", (string?)body["__type"]);
        Assert.Contains("Entries", (string?)body["message"]);
    }

    [Fact]
    public async Task Step_functions_calls_reach_the_backend()
    {
        var started = await Json("states", "AWSStepFunctions.StartExecution",
            """{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:pipeline","name":"run-1","input":"{}"}""", "application/x-amz-json-1.0");
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var arn = (string)JsonNode.Parse(await started.Content.ReadAsStringAsync())!["executionArn"]!;

        var token = _backend.TokenOf(arn);
        var success = await Json("states", "AWSStepFunctions.SendTaskSuccess", $$"""{"taskToken":"{{token}}","output":"{\"approved\":true}"}""", "application/x-amz-json-1.0");
        Assert.Equal(HttpStatusCode.OK, success.StatusCode);

        var described = await Json("states", "AWSStepFunctions.DescribeExecution", $$"""{"executionArn":"{{arn}}"}""", "application/x-amz-json-1.0");
        var body = JsonNode.Parse(await described.Content.ReadAsStringAsync())!;
        Assert.Equal("SUCCEEDED", (string?)body["status"]);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, body["startDate"]!.GetValueKind());
    }

    [Fact]
    public async Task An_unknown_task_token_is_the_modelled_error()
    {
        var response = await Json("states", "AWSStepFunctions.SendTaskSuccess", """{"taskToken":"nope","output":"{}"}""", "application/x-amz-json-1.0");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("TaskDoesNotExist", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["__type"]);
    }

    [Fact]
    public async Task Step_functions_input_is_validated_against_the_model()
    {
        var response = await Json("states", "AWSStepFunctions.SendTaskSuccess", """{"taskToken":"t"}""", "application/x-amz-json-1.0");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ValidationException", (string?)body["__type"]);
        Assert.Contains("'output'", (string?)body["message"]);
    }

    [Fact]
    public async Task Execution_history_pages()
    {
        var started = await Json("states", "AWSStepFunctions.StartExecution",
            """{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:pipeline","name":"hist"}""", "application/x-amz-json-1.0");
        var arn = (string)JsonNode.Parse(await started.Content.ReadAsStringAsync())!["executionArn"]!;
        var page = await Json("states", "AWSStepFunctions.GetExecutionHistory", $$"""{"executionArn":"{{arn}}","maxResults":2}""", "application/x-amz-json-1.0");
        var body = JsonNode.Parse(await page.Content.ReadAsStringAsync())!;
        Assert.Equal(2, body["events"]!.AsArray().Count);
        Assert.NotNull((string?)body["nextToken"]);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, body["events"]![0]!["timestamp"]!.GetValueKind());
    }
}

public sealed class LocalAwsHostLifetimeTests
{
    [Fact]
    public async Task Stopping_the_host_frees_its_port()
    {
        var host = await LocalAwsHost.StartAsync(new LocalAwsHostOptions());
        var url = host.BaseUrl;
        Assert.Equal(["datazone", "states", "events", "cloudformation"], host.Endpoints.Select(e => e.SigningName));
        await host.DisposeAsync();
        using var http = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(url));
    }

    [Fact]
    public async Task Without_a_step_functions_backend_calls_say_so()
    {
        await using var host = await LocalAwsHost.StartAsync(new LocalAwsHostOptions());
        using var http = new HttpClient();
        var response = await http.SendSignedAsync(HttpMethod.Post, host.StepFunctionsUrl, "states", """{"taskToken":"t","output":"{}"}""",
            [new("X-Amz-Target", "AWSStepFunctions.SendTaskSuccess")]);
        Assert.Contains("No Step Functions backend", await response.Content.ReadAsStringAsync());
    }
}
