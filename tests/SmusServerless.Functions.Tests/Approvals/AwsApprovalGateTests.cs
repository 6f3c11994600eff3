using System.Text.Json.Nodes;
using SmusServerless.Aws.Errors;
using SmusServerless.Aws.Http;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Core.Approvals;
using SmusServerless.Functions.Approvals;
using SmusServerless.Local.Endpoints;

namespace SmusServerless.Functions.Tests.Approvals;

/// <summary>The gate on its AWS adapters, through the local EventBridge and Step Functions endpoints.</summary>
public sealed class AwsApprovalGateTests : IAsyncLifetime
{
    private AwsGateFixture _gate = null!;

    public async Task InitializeAsync() => _gate = await AwsGateFixture.StartAsync();

    public async Task DisposeAsync() => await _gate.DisposeAsync();

    [Fact]
    public async Task Request_publishes_approval_requested_with_every_link_on_the_pipeline_source()
    {
        var links = await _gate.RequestAsync();

        var requested = Assert.Single(_gate.EventsOf("Approval Requested"));
        Assert.Equal("smus.pipeline", (string?)requested["source"]);
        Assert.Equal(AwsGateFixture.Approvers, links.Keys);
        Assert.Equal("1.4.0", (string?)requested["detail"]!["request"]!["bundleVersion"]);
        Assert.Equal(["storage/new.sql"], requested["detail"]!["request"]!["files"]!["added"]!.AsArray().Select(f => (string?)f));
    }

    [Fact]
    public async Task Request_publishes_one_link_issued_event_per_approver_with_what_the_email_rule_reads()
    {
        var links = await _gate.RequestAsync();

        var issued = _gate.EventsOf("Approval Link Issued");
        Assert.Equal(AwsGateFixture.Approvers, issued.Select(e => (string?)e["detail"]!["approver"]));
        foreach (var @event in issued)
        {
            var detail = @event["detail"]!;
            // The fields template.yaml's ApprovalLinkNotificationRule maps into the e-mail.
            Assert.Equal(links[(string)detail["approver"]!], (string?)detail["link"]);
            Assert.Equal(("1.4.0", "prod", "run-1-prod"), ((string?)detail["bundleVersion"], (string?)detail["target"], (string?)detail["approvalId"]));
            Assert.Equal(_gate.Clock.Now.AddHours(24), DateTimeOffset.Parse((string)detail["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("smus.pipeline", (string?)@event["source"]);
        }
    }

    [Fact]
    public async Task Each_link_issued_event_carries_only_its_own_approvers_signature()
    {
        var links = await _gate.RequestAsync();

        foreach (var @event in _gate.EventsOf("Approval Link Issued"))
        {
            var text = @event.ToJsonString();
            var own = (string)@event["detail"]!["approver"]!;
            foreach (var (approver, link) in links)
            {
                var signature = EndpointFixture.SignatureOf(link);
                if (approver == own)
                    Assert.Contains(Uri.EscapeDataString(signature), text);
                else
                    Assert.DoesNotContain(Uri.EscapeDataString(signature), text);
            }
        }
    }

    [Fact]
    public async Task Two_approvals_through_the_function_url_handler_send_task_success_to_step_functions()
    {
        var links = await _gate.RequestAsync();

        var first = await _gate.VoteAsync(links["bob@example.com"], "approve");
        var second = await _gate.VoteAsync(links["carol@example.com"], "approve", "ship it");

        Assert.Equal((200, 200), (first.StatusCode, second.StatusCode));
        var call = Assert.Single(_gate.StepFunctions.Calls);
        Assert.Equal(("success", AwsGateFixture.TaskToken), (call.Kind, call.TaskToken));
        var output = JsonNode.Parse(call.Output!)!;
        Assert.Equal(["bob@example.com", "carol@example.com"], output["approvedBy"]!.AsArray().Select(a => (string?)a));
        Assert.True((await _gate.Store.GetAsync("run-1-prod", default))!.Resolution!.CallbackDelivered);
        var approved = Assert.Single(_gate.EventsOf("Approved"));
        Assert.Equal("Approved", (string?)approved["detail"]!["outcome"]);
    }

    [Fact]
    public async Task Every_request_vote_and_decision_lands_in_the_audit_bucket()
    {
        var links = await _gate.RequestAsync();
        await _gate.VoteAsync(links["bob@example.com"], "approve");
        await _gate.VoteAsync(links["carol@example.com"], "approve");

        var trail = await _gate.Audit.ReadAsync("run-1-prod", default);

        Assert.Equal([AuditAction.Requested, AuditAction.Voted, AuditAction.Voted, AuditAction.Approved], trail.Select(e => e.Action));
        Assert.All(trail.Skip(1), e => Assert.Equal(("198.51.100.23", "Mozilla/5.0 (aws fixture)"), (e.SourceIp, e.UserAgent)));
    }

    [Fact]
    public async Task A_rejection_sends_task_failure_naming_the_approver_and_comment()
    {
        var links = await _gate.RequestAsync();

        await _gate.VoteAsync(links["bob@example.com"], "reject", "tests are red");

        var call = Assert.Single(_gate.StepFunctions.Calls);
        Assert.Equal(("failure", "Approval.Rejected"), (call.Kind, call.Error));
        Assert.Contains("bob@example.com", call.Cause);
        Assert.Contains("tests are red", call.Cause);
        Assert.Equal("bob@example.com", (string?)Assert.Single(_gate.EventsOf("Rejected"))["detail"]!["rejectedBy"]);
    }

    [Fact]
    public async Task The_timeout_path_emits_approval_expired()
    {
        await _gate.RequestAsync();

        await _gate.Gate.ExpiryHandler.HandleAsync(new ApprovalExpiryInput { ApprovalId = "run-1-prod" }, default);

        var expired = Assert.Single(_gate.EventsOf("Approval Expired"));
        Assert.Equal(2, (int?)expired["detail"]!["quorum"]);
    }

    [Fact]
    public async Task No_event_carries_the_task_token_and_only_link_events_carry_signatures()
    {
        var links = await _gate.RequestAsync();
        await _gate.VoteAsync(links["bob@example.com"], "approve");
        await _gate.VoteAsync(links["carol@example.com"], "approve");
        var signatures = links.Values.Select(EndpointFixture.SignatureOf).Select(Uri.EscapeDataString).ToList();

        Assert.Equal(["Approval Requested", "Approval Link Issued", "Approval Link Issued", "Approval Link Issued", "Approved"], _gate.Events.Select(e => (string?)e["detail-type"]));
        foreach (var @event in _gate.Events)
        {
            var text = @event.ToJsonString();
            Assert.DoesNotContain("SecretTaskToken", text);
            if ((string?)@event["detail-type"] is not ("Approval Requested" or "Approval Link Issued"))
                Assert.All(signatures, s => Assert.DoesNotContain(s, text));
        }
    }

    [Fact]
    public async Task Log_lines_are_structured_and_hold_no_token_or_signature()
    {
        var links = await _gate.RequestAsync();
        await _gate.VoteAsync(links["bob@example.com"], "approve");
        await _gate.InvokeEndpointAsync(links["bob@example.com"].Replace("exp=", "exp=1", StringComparison.Ordinal), "POST", "decision=approve");

        var lines = _gate.FunctionLog.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();

        Assert.Contains(lines, l => (string?)l["message"] == "approval.vote.recorded" && (string?)l["approval_id"] == "run-1-prod" && (string?)l["approver"] == "bob@example.com");
        Assert.Contains(lines, l => (string?)l["message"] == "approval.vote.refused" && (string?)l["level"] == "Warning");
        Assert.DoesNotContain("SecretTaskToken", _gate.FunctionLog);
        Assert.All(links.Values, link => Assert.DoesNotContain(EndpointFixture.SignatureOf(link), _gate.FunctionLog));
    }

    [Fact]
    public async Task A_callback_for_a_task_that_no_longer_waits_leaves_the_decision_recorded_and_undelivered()
    {
        var links = await _gate.RequestAsync();
        _gate.StepFunctions.RefuseWith = "TaskTimedOut";

        await _gate.VoteAsync(links["bob@example.com"], "approve");
        var deciding = await _gate.VoteAsync(links["carol@example.com"], "approve");

        Assert.Equal(503, deciding.StatusCode);
        var record = (await _gate.Store.GetAsync("run-1-prod", default))!;
        Assert.Equal((ApprovalStatus.Approved, false), (record.Status, record.Resolution!.CallbackDelivered));
        Assert.Contains("\"reason\":\"TaskNoLongerWaitingException\"", _gate.FunctionLog);
        Assert.DoesNotContain("SecretTaskToken", _gate.FunctionLog);
    }
}

/// <summary>The registered approval-endpoint function answers Function URL events (payload format 2.0).</summary>
public sealed class ApprovalEndpointFunctionTests : IAsyncLifetime
{
    private AwsGateFixture _gate = null!;

    public async Task InitializeAsync() => _gate = await AwsGateFixture.StartAsync();

    public async Task DisposeAsync() => await _gate.DisposeAsync();

    [Fact]
    public async Task Get_of_a_signed_link_renders_the_review_page_with_its_security_headers()
    {
        var links = await _gate.RequestAsync();

        var page = await _gate.InvokeEndpointAsync(links["bob@example.com"]);

        Assert.Equal(200, page.StatusCode);
        Assert.Contains("value=\"approve\"", page.Body);
        Assert.Contains("1.4.0", page.Body);
        Assert.Equal("no-store", page.Headers["Cache-Control"]);
        Assert.Equal("no-referrer", page.Headers["Referrer-Policy"]);
        Assert.StartsWith("text/html", page.Headers["Content-Type"]);
        Assert.Empty((await _gate.Store.GetAsync("run-1-prod", default))!.Votes);
    }

    [Fact]
    public async Task Link_without_its_signature_is_a_client_error()
    {
        var links = await _gate.RequestAsync();
        var unsigned = links["bob@example.com"].Split("&sig=")[0];

        var page = await _gate.InvokeEndpointAsync(unsigned);

        Assert.Equal(400, page.StatusCode);
        Assert.DoesNotContain("   at ", page.Body);
    }

    [Fact]
    public async Task Link_with_a_tampered_signature_is_refused()
    {
        var links = await _gate.RequestAsync();
        var link = links["bob@example.com"];
        var tampered = link[..^2] + (link[^2] == 'A' ? "BB" : "AA");

        Assert.Equal(403, (await _gate.InvokeEndpointAsync(tampered)).StatusCode);
    }

    [Fact]
    public async Task Wrong_method_is_refused()
    {
        var links = await _gate.RequestAsync();

        var page = await _gate.InvokeEndpointAsync(links["bob@example.com"], "DELETE");

        Assert.Equal((405, "GET, POST"), (page.StatusCode, page.Headers["Allow"]));
    }
}

/// <summary>SendTaskSuccess / SendTaskFailure over the Step Functions wire protocol (the local endpoint).</summary>
public sealed class StepFunctionsTaskCallbackTests : IAsyncLifetime
{
    private readonly RecordingStepFunctionsBackend _backend = new();
    private LocalAwsHost _host = null!;
    private StepFunctionsTaskCallback _callback = null!;

    public async Task InitializeAsync()
    {
        _host = await LocalAwsHost.StartAsync(new LocalAwsHostOptions { StepFunctions = _backend });
        var credentials = _host.Credentials;
        _callback = new StepFunctionsTaskCallback(new StepFunctionsClient(
            AwsClientOptions.ForLocalEndpoint(_host.BaseUrl, credentials.AccessKeyId, credentials.SecretAccessKey, credentials.Region)));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Success_sends_the_token_and_output()
    {
        await _callback.SendTaskSuccessAsync("token-1", """{"approvalId":"a1"}""", default);

        Assert.Equal(new TaskCallbackCall("success", "token-1", """{"approvalId":"a1"}""", null, null), Assert.Single(_backend.Calls));
    }

    [Fact]
    public async Task Failure_sends_the_token_error_and_cause()
    {
        await _callback.SendTaskFailureAsync("token-1", "Approval.Rejected", "Rejected by bob: no", default);

        Assert.Equal(new TaskCallbackCall("failure", "token-1", null, "Approval.Rejected", "Rejected by bob: no"), Assert.Single(_backend.Calls));
    }

    [Theory]
    [InlineData("TaskDoesNotExist")]
    [InlineData("TaskTimedOut")]
    [InlineData("InvalidToken")]
    public async Task A_task_that_no_longer_waits_is_a_named_failure_that_does_not_quote_the_token(string code)
    {
        _backend.RefuseWith = code;

        var error = await Assert.ThrowsAsync<TaskNoLongerWaitingException>(() => _callback.SendTaskSuccessAsync("SECRET-TOKEN-42", "{}", default));

        Assert.Equal(code, error.ErrorCode);
        Assert.DoesNotContain("SECRET-TOKEN-42", error.ToString());
    }

    [Fact]
    public async Task Other_service_errors_pass_through()
    {
        _backend.RefuseWith = "InvalidOutput";

        var error = await Assert.ThrowsAsync<AwsValidationException>(() => _callback.SendTaskSuccessAsync("token-1", "{}", default));

        Assert.Equal("InvalidOutput", error.ErrorCode);
    }
}
