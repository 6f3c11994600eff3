using System.Text.Json;
using SmusServerless.Core.Approvals;
using SmusServerless.Functions.Approvals;

namespace SmusServerless.Functions.Tests.Approvals;

public class ApprovalRequestHandlerTests
{
    private const string TaskInputJson = """
        {
          "approvalId": "exec-42-prod",
          "taskToken": "AAAAKgAAAAIAAAAAAAAAAeSecretTaskToken+/=",
          "pipeline": "sales-pipeline",
          "bundleName": "sales",
          "bundleVersion": "1.4.0",
          "sourceCommit": "3f9c2e1",
          "author": "dev@example.com",
          "target": "prod",
          "stage": "PROD",
          "approvers": ["dev@example.com"],
          "quorum": 1,
          "files": { "added": ["storage/a.sql"], "changed": [], "removed": ["storage/b.sql"] },
          "previousTestResults": [ { "target": "test", "outcome": "Passed", "passed": 3, "failed": 0 } ]
        }
        """;

    [Fact]
    public async Task Task_input_is_read_with_the_source_generated_context_and_stored()
    {
        using var gate = new EndpointFixture();
        var input = JsonSerializer.Deserialize(TaskInputJson, ApprovalJsonContext.Default.ApprovalRequestInput)!;

        var output = await gate.Gate.RequestHandler.HandleAsync(input, default);

        var record = await gate.RecordAsync("exec-42-prod");
        Assert.Equal(("1.4.0", "dev@example.com", 1, 1), (record.Request.BundleVersion, record.Request.Author, record.Request.Files.Added.Count, record.Request.PreviousTestResults.Count));
        Assert.Equal("exec-42-prod", output.ApprovalId);
    }

    [Fact]
    public async Task Approvers_and_quorum_come_from_the_stack_not_from_the_bundle()
    {
        using var gate = new EndpointFixture();
        var input = JsonSerializer.Deserialize(TaskInputJson, ApprovalJsonContext.Default.ApprovalRequestInput)!;

        await gate.Gate.RequestHandler.HandleAsync(input, default);

        var record = await gate.RecordAsync("exec-42-prod");
        Assert.Equal(EndpointFixture.Approvers, record.Request.Approvers);
        Assert.Equal(2, record.Request.Quorum);
    }

    [Fact]
    public async Task Task_result_carries_no_links_and_no_token()
    {
        using var gate = new EndpointFixture();
        var input = JsonSerializer.Deserialize(TaskInputJson, ApprovalJsonContext.Default.ApprovalRequestInput)!;

        var output = await gate.Gate.RequestHandler.HandleAsync(input, default);
        var json = JsonSerializer.Serialize(output, ApprovalJsonContext.Default.ApprovalRequestOutput);

        Assert.DoesNotContain("sig=", json);
        Assert.DoesNotContain("SecretTaskToken", json);
        Assert.Contains("\"expiresAt\"", json);
    }

    [Fact]
    public async Task Approval_requested_event_carries_one_link_per_approver()
    {
        using var gate = new EndpointFixture();

        var links = await gate.RequestAsync();

        Assert.Equal(EndpointFixture.Approvers, links.Keys);
        Assert.All(links.Values, url => Assert.StartsWith("https://abc123.lambda-url.eu-west-1.on.aws/approvals/run-1-prod?approver=", url));
        var line = gate.Events.ToString().Trim();
        Assert.Contains("\"source\":\"smus.pipeline\"", line);
        Assert.Contains("\"detail-type\":\"Approval Requested\"", line);
    }

    [Fact]
    public async Task Missing_task_token_fails_with_a_named_error()
    {
        using var gate = new EndpointFixture();

        var error = await Assert.ThrowsAsync<ApprovalException>(() => gate.Gate.RequestHandler.HandleAsync(EndpointFixture.Input() with { TaskToken = null }, default));

        Assert.Equal("Approval.InvalidRequest", error.ErrorName);
    }

    [Fact]
    public async Task Test_result_without_target_is_refused_naming_its_position()
    {
        using var gate = new EndpointFixture();
        var input = EndpointFixture.Input() with { PreviousTestResults = [new TestResultInput { Outcome = "Passed" }] };

        var error = await Assert.ThrowsAsync<ApprovalException>(() => gate.Gate.RequestHandler.HandleAsync(input, default));

        Assert.Contains("previousTestResults[0].target", error.Message);
    }

    [Fact]
    public void Printing_the_task_input_does_not_reveal_the_token()
    {
        Assert.DoesNotContain(EndpointFixture.TaskToken, EndpointFixture.Input().ToString());
    }
}

public class ApprovalExpiryHandlerTests
{
    [Fact]
    public async Task Timeout_path_marks_the_approval_expired_and_returns_approval_expired()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();

        var output = await gate.Gate.ExpiryHandler.HandleAsync(new ApprovalExpiryInput { ApprovalId = "run-1-prod" }, default);

        Assert.Equal(("run-1-prod", "Expired", "Approval.Expired"), (output.ApprovalId, output.Status, output.Error));
        Assert.Contains("\"detail-type\":\"Approval Expired\"", gate.Events.ToString());
        Assert.Contains("This approval is expired", (await gate.SendAsync(EndpointFixture.Get(links["bob@example.com"]))).Body);
    }
}

public class ApprovalGateOptionsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    private static readonly (string, string)[] Required = [("SMUS_APPROVERS", "a@x.io,b@x.io"), ("SMUS_APPROVAL_TIMEOUT_SECONDS", "3600")];

    [Fact]
    public void Reads_approvers_quorum_timeout_and_base_url_from_the_stacks_variables()
    {
        var options = ApprovalGateOptions.FromEnvironment(Env(
            ("SMUS_APPROVERS", "a@x.io, b@x.io ,c@x.io"), ("SMUS_APPROVAL_QUORUM", "3"), ("SMUS_APPROVAL_TIMEOUT_SECONDS", "3600"),
            ("SMUS_APPROVAL_BASE_URL", "https://u.lambda-url.eu-west-1.on.aws/")));

        Assert.Equal(["a@x.io", "b@x.io", "c@x.io"], options.Policy.Approvers);
        Assert.Equal((3, TimeSpan.FromHours(1)), (options.Policy.Quorum, options.Policy.Timeout));
        Assert.Equal("u.lambda-url.eu-west-1.on.aws", options.RequireBaseUrl().Host);
    }

    [Fact]
    public void Quorum_defaults_to_two()
    {
        Assert.Equal(2, ApprovalGateOptions.FromEnvironment(Env(Required)).Policy.Quorum);
    }

    [Fact]
    public void Non_numeric_quorum_is_refused_naming_the_variable()
    {
        var error = Assert.Throws<ApprovalConfigurationException>(() => ApprovalGateOptions.FromEnvironment(Env([.. Required, ("SMUS_APPROVAL_QUORUM", "two")])));

        Assert.Contains("SMUS_APPROVAL_QUORUM", error.Message);
    }

    [Fact]
    public void Missing_approvers_are_refused_naming_the_variable()
    {
        var error = Assert.Throws<ApprovalConfigurationException>(() => ApprovalGateOptions.FromEnvironment(Env(("SMUS_APPROVAL_TIMEOUT_SECONDS", "3600"))));

        Assert.Contains("SMUS_APPROVERS", error.Message);
    }

    [Fact]
    public void Missing_timeout_is_refused_because_it_must_match_the_wait_task()
    {
        var error = Assert.Throws<ApprovalConfigurationException>(() => ApprovalGateOptions.FromEnvironment(Env(("SMUS_APPROVERS", "a@x.io"), ("SMUS_APPROVAL_QUORUM", "1"))));

        Assert.Contains("SMUS_APPROVAL_TIMEOUT_SECONDS", error.Message);
    }

    [Fact]
    public void Without_a_base_url_the_gate_serves_votes_but_cannot_issue_links()
    {
        var options = ApprovalGateOptions.FromEnvironment(Env(Required));
        using var fixture = new EndpointFixture();

        var gate = new ApprovalGate(fixture.Ports, options);

        Assert.NotNull(gate.Endpoint);
        var error = Assert.Throws<ApprovalConfigurationException>(() => gate.RequestHandler);
        Assert.Contains("SMUS_APPROVAL_BASE_URL", error.Message);
    }

    [Fact]
    public void Malformed_base_url_is_refused_naming_the_variable()
    {
        var error = Assert.Throws<ApprovalConfigurationException>(() => ApprovalGateOptions.FromEnvironment(Env([.. Required, ("SMUS_APPROVAL_BASE_URL", "ftp://x/")])));

        Assert.Contains("SMUS_APPROVAL_BASE_URL", error.Message);
    }
}

public class FunctionUrlEventTests
{
    [Fact]
    public void Payload_format_2_0_event_deserializes_with_the_source_generated_context()
    {
        const string json = """
            {"version":"2.0","routeKey":"$default","rawPath":"/approvals/a1","rawQueryString":"approver=b%40x.io&exp=1&sig=s",
             "headers":{"content-type":"application/x-www-form-urlencoded","user-agent":"UA"},
             "requestContext":{"accountId":"anonymous","http":{"method":"POST","path":"/approvals/a1","protocol":"HTTP/1.1","sourceIp":"203.0.113.9","userAgent":"UA"},"requestId":"r1","timeEpoch":1583348638390},
             "body":"ZGVjaXNpb249YXBwcm92ZQ==","isBase64Encoded":true}
            """;

        var request = JsonSerializer.Deserialize(json, ApprovalJsonContext.Default.FunctionUrlRequest)!;

        Assert.Equal(("/approvals/a1", "POST", "203.0.113.9", true), (request.RawPath, request.RequestContext.Http.Method, request.RequestContext.Http.SourceIp, request.IsBase64Encoded));
        Assert.Equal("application/x-www-form-urlencoded", request.Header("Content-Type"));
    }

    [Fact]
    public void Response_serializes_with_payload_2_0_field_names()
    {
        var json = JsonSerializer.Serialize(ApprovalPages.Respond(404, "x"), ApprovalJsonContext.Default.FunctionUrlResponse);

        Assert.Contains("\"statusCode\":404", json);
        Assert.Contains("\"isBase64Encoded\":false", json);
        Assert.Contains("\"Cache-Control\":\"no-store\"", json);
    }
}
