using System.Net;
using SmusServerless.Core.Approvals;
using SmusServerless.Local.Approvals;

namespace SmusServerless.Functions.Tests.Approvals;

/// <summary>The same endpoint over real HTTP on 127.0.0.1, as the CLI and a browser reach it offline.</summary>
public sealed class LocalApprovalServerTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _state = new();
    private readonly RecordingTaskCallback _callback = new();
    private readonly StringWriter _events = new();
    private readonly StringWriter _logs = new();
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });
    private LocalApprovalGate _gate = null!;
    private IReadOnlyDictionary<string, string> _links = null!;

    public async Task InitializeAsync()
    {
        var links = new Dictionary<string, string>();
        _gate = await LocalApprovalGate.StartAsync(
            new LocalApprovalSettings(_state.Path, new ApprovalPolicy(EndpointFixture.Approvers, 2, TimeSpan.FromHours(1))),
            _callback,
            new JsonLinesApprovalNotifier(_events, (_, requested) =>
            {
                foreach (var link in requested?.Links ?? [])
                    links[link.Approver] = link.Url;
            }),
            new SmusServerless.Functions.Approvals.ConsoleApprovalLog(_logs, TimeProvider.System));
        await _gate.Gate.RequestHandler.HandleAsync(EndpointFixture.Input(), default);
        _links = links;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gate.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public void Server_listens_on_loopback_and_links_point_at_it()
    {
        Assert.Equal("127.0.0.1", _gate.BaseUrl.Host);
        Assert.All(_links.Values, l => Assert.StartsWith($"http://127.0.0.1:{_gate.BaseUrl.Port}/approvals/run-1-prod?", l));
    }

    [Fact]
    public async Task Review_page_is_served_with_security_headers()
    {
        using var response = await _http.GetAsync(_links["bob@example.com"]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("Approve deployment to prod", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Two_approvals_over_http_send_task_success_once()
    {
        await VoteAsync("bob@example.com", "approve");
        using var second = await VoteAsync("carol@example.com", "approve");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var call = Assert.Single(_callback.Calls);
        Assert.Equal(("success", EndpointFixture.TaskToken), (call.Kind, call.TaskToken));
    }

    [Fact]
    public async Task Concurrent_double_submits_over_http_count_once()
    {
        var nonce = await NonceAsync("bob@example.com");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync("bob@example.com", $"nonce={Uri.EscapeDataString(nonce)}&decision=approve")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var record = await new FileApprovalStore(Path.Combine(_state.Path, LocalApprovalGate.ApprovalsDirectoryName)).GetAsync("run-1-prod", default);
        Assert.Single(record!.Votes);
        foreach (var r in responses)
            r.Dispose();
    }

    [Fact]
    public async Task Oversized_form_over_http_gets_413()
    {
        using var response = await PostAsync("bob@example.com", "decision=approve&comment=" + new string('x', 50_000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Wrong_method_over_http_gets_405()
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, _links["bob@example.com"]));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Nothing_the_server_logs_carries_a_signature()
    {
        await VoteAsync("bob@example.com", "approve");
        await _http.GetAsync(_links["alice@example.com"]);

        foreach (var link in _links.Values)
            Assert.DoesNotContain(EndpointFixture.SignatureOf(link), _logs.ToString());
        Assert.Contains("approval.vote.recorded", _logs.ToString());
    }

    [Fact]
    public async Task Named_approvers_vote_through_the_http_endpoint_with_reissued_links()
    {
        var client = new ApprovalLinkClient(_http);
        var bobsLink = await LocalApproverLinks.ForApproverAsync(_state.Path, _gate.BaseUrl, "run-1-prod", "bob@example.com", default);
        var carolsLink = await LocalApproverLinks.ForApproverAsync(_state.Path, _gate.BaseUrl, "run-1-prod", "CAROL@example.com", default);

        var first = await client.VoteAsync(bobsLink, ApprovalDecision.Approve, "ok", default);
        var second = await client.VoteAsync(carolsLink, ApprovalDecision.Approve, null, default);

        Assert.Equal(bobsLink, _links["bob@example.com"]);
        Assert.True(first.Counted);
        Assert.Equal("Approved", second.Title);
        Assert.Single(_callback.Calls);
    }

    [Fact]
    public async Task Author_voting_through_the_client_gets_the_self_approval_answer()
    {
        var result = await new ApprovalLinkClient(_http).VoteAsync(_links["alice@example.com"], ApprovalDecision.Approve, null, default);

        Assert.Equal(403, result.StatusCode);
        Assert.Equal("You cannot approve your own deployment", result.Title);
        Assert.False(result.Counted);
    }

    [Fact]
    public async Task Reject_through_the_client_reports_the_rejection()
    {
        var result = await new ApprovalLinkClient(_http).VoteAsync(_links["carol@example.com"], ApprovalDecision.Reject, "too risky & late", default);

        Assert.Equal("Rejected", result.Title);
        Assert.Contains("Rejected by carol@example.com: too risky & late", result.Message);
        Assert.Equal("Approval.Rejected", Assert.Single(_callback.Calls).Error);
    }

    [Fact]
    public async Task Link_for_someone_outside_the_approver_set_is_not_issued()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LocalApproverLinks.ForApproverAsync(_state.Path, _gate.BaseUrl, "run-1-prod", "mallory@example.com", default));

        Assert.Contains("not an approver", error.Message);
    }

    private async Task<string> NonceAsync(string approver) =>
        EndpointFixture.NonceOf(await _http.GetStringAsync(_links[approver]))!;

    private Task<HttpResponseMessage> PostAsync(string approver, string form) =>
        _http.PostAsync(_links[approver], new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

    private async Task<HttpResponseMessage> VoteAsync(string approver, string decision) =>
        await PostAsync(approver, $"nonce={Uri.EscapeDataString(await NonceAsync(approver))}&decision={decision}");
}
