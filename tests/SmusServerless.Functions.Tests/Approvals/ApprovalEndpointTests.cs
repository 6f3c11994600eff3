using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SmusServerless.Core.Approvals;
using SmusServerless.Functions.Approvals;

namespace SmusServerless.Functions.Tests.Approvals;

public class ApprovalEndpointReviewPageTests
{
    [Fact]
    public async Task Get_shows_what_is_being_approved_with_approve_and_reject_buttons()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();

        var page = await gate.SendAsync(EndpointFixture.Get(links["bob@example.com"]));

        Assert.Equal(200, page.StatusCode);
        foreach (var expected in new[] { "sales-pipeline", "sales 1.4.0", "3f9c2e1", "Alice &lt;alice@example.com&gt;", "prod", "PROD",
                     "storage/new.sql", "workflows/dag.py", "storage/old.sql", "12 passed", "2026-11-28 09:00 UTC", "0 of 2", "bob@example.com" })
            Assert.Contains(expected, page.Body);
        Assert.Contains("value=\"approve\"", page.Body);
        Assert.Contains("value=\"reject\"", page.Body);
    }

    [Fact]
    public async Task Page_form_posts_back_to_the_link_itself_and_has_no_script()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();

        var page = await gate.SendAsync(EndpointFixture.Get(links["bob@example.com"]));

        Assert.Contains("<form method=\"post\">", page.Body);
        Assert.DoesNotContain("action=", page.Body);
        Assert.DoesNotContain("<script", page.Body, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(EndpointFixture.NonceOf(page.Body));
    }

    [Fact]
    public async Task Flood_of_gets_changes_nothing()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();
        var recordFile = Path.Combine(gate.StateDirectory, "approvals", "run-1-prod.json");
        var before = await File.ReadAllBytesAsync(recordFile);

        for (var i = 0; i < 100; i++)
            Assert.Equal(200, (await gate.SendAsync(EndpointFixture.Get(links[EndpointFixture.Approvers[1 + i % 2]]))).StatusCode);

        Assert.Equal(before, await File.ReadAllBytesAsync(recordFile));
        Assert.Empty(gate.Callback.Calls);
        Assert.Equal([AuditAction.Requested], (await gate.Audit.ReadAllAsync(default)).Select(e => e.Action));
    }

    [Fact]
    public async Task Page_never_contains_the_task_token_or_the_link_signature()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();
        var link = links["bob@example.com"];

        var pages = new[]
        {
            await gate.SendAsync(EndpointFixture.Get(link)),
            await gate.VoteAsync(link, "approve"),
            await gate.SendAsync(EndpointFixture.Get(link)),
            await gate.VoteAsync(links["carol@example.com"], "reject", "no"),
        };

        foreach (var page in pages)
        {
            Assert.DoesNotContain(EndpointFixture.TaskToken, page.Body);
            Assert.DoesNotContain(EndpointFixture.SignatureOf(link), page.Body);
            Assert.DoesNotContain(EndpointFixture.SignatureOf(links["carol@example.com"]), page.Body);
        }
    }

    [Fact]
    public async Task Hostile_values_are_html_encoded()
    {
        using var gate = new EndpointFixture();
        var input = EndpointFixture.Input() with
        {
            Pipeline = "<script>alert(1)</script>",
            Files = new FileChangesInput { Added = ["\"><img src=x onerror=alert(2)>"] },
        };
        var links = await gate.RequestAsync(input);

        var page = await gate.SendAsync(EndpointFixture.Get(links["bob@example.com"]));

        Assert.DoesNotContain("<script>alert(1)", page.Body);
        Assert.DoesNotContain("<img", page.Body);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page.Body);
    }

    [Fact]
    public async Task Inline_stylesheet_is_the_one_the_content_security_policy_allows()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();

        var page = await gate.SendAsync(EndpointFixture.Get(links["bob@example.com"]));

        var css = Regex.Match(page.Body, "<style>(.*?)</style>").Groups[1].Value;
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(css)));
        Assert.Contains($"style-src 'sha256-{hash}'", page.Headers["Content-Security-Policy"]);
    }
}

public class ApprovalEndpointVotingTests
{
    [Fact]
    public async Task Two_approvals_send_task_success_once_with_the_right_token()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();

        var first = await gate.VoteAsync(links["bob@example.com"], "approve", "ok");
        var second = await gate.VoteAsync(links["carol@example.com"], "approve");

        Assert.Equal((200, 200), (first.StatusCode, second.StatusCode));
        Assert.Contains("Your vote is recorded", first.Body);
        Assert.Contains("Approved", second.Body);
        var call = Assert.Single(gate.Callback.Calls);
        Assert.Equal(("success", EndpointFixture.TaskToken), (call.Kind, call.TaskToken));
    }

    [Fact]
    public async Task Reject_sends_task_failure_approval_rejected_naming_approver_and_comment()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();

        var page = await gate.VoteAsync(links["carol@example.com"], "reject", "wait for the audit");

        Assert.Equal(200, page.StatusCode);
        Assert.Contains("Rejected", page.Body);
        var call = Assert.Single(gate.Callback.Calls);
        Assert.Equal(("failure", EndpointFixture.TaskToken, "Approval.Rejected", "Rejected by carol@example.com: wait for the audit"),
            (call.Kind, call.TaskToken, call.Error, call.Cause));
    }

    [Fact]
    public async Task Author_gets_the_self_approval_page_on_get_and_post()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();

        var view = await gate.SendAsync(EndpointFixture.Get(links["alice@example.com"]));
        var nonce = await gate.Gate.Endpoint.HandleAsync(EndpointFixture.Get(links["bob@example.com"]), default); // another page's nonce
        var post = await gate.SendAsync(EndpointFixture.Post(links["alice@example.com"], $"nonce={Uri.EscapeDataString(EndpointFixture.NonceOf(nonce.Body)!)}&decision=approve"));

        Assert.Equal(403, view.StatusCode);
        Assert.Contains("You cannot approve your own deployment", view.Body);
        Assert.DoesNotContain("value=\"approve\"", view.Body);
        Assert.Equal(403, post.StatusCode);
        Assert.Empty((await gate.RecordAsync()).Votes);
    }

    [Fact]
    public async Task Replaying_a_used_link_counts_nothing_more()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();
        var page = await gate.SendAsync(EndpointFixture.Get(links["bob@example.com"]));
        var body = $"nonce={Uri.EscapeDataString(EndpointFixture.NonceOf(page.Body)!)}&decision=approve";
        await gate.SendAsync(EndpointFixture.Post(links["bob@example.com"], body));

        var replay = await gate.SendAsync(EndpointFixture.Post(links["bob@example.com"], body));

        Assert.Equal(200, replay.StatusCode);
        Assert.Contains("already recorded", replay.Body);
        Assert.Single((await gate.RecordAsync()).Votes);
        Assert.Contains("You have already voted", (await gate.SendAsync(EndpointFixture.Get(links["bob@example.com"]))).Body);
    }

    [Fact]
    public async Task Concurrent_double_submits_count_once()
    {
        using var gate = new EndpointFixture(quorum: 1);
        var links = await gate.RequestAsync();
        var page = await gate.SendAsync(EndpointFixture.Get(links["bob@example.com"]));
        var body = $"nonce={Uri.EscapeDataString(EndpointFixture.NonceOf(page.Body)!)}&decision=approve";

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => gate.SendAsync(EndpointFixture.Post(links["bob@example.com"], body)))));

        Assert.All(responses, r => Assert.Equal(200, r.StatusCode));
        Assert.Single((await gate.RecordAsync()).Votes);
        Assert.Single(gate.Callback.Calls);
    }

    [Fact]
    public async Task Vote_after_the_decision_gets_the_already_decided_page()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();
        var bobsPage = await gate.SendAsync(EndpointFixture.Get(links["bob@example.com"]));
        await gate.VoteAsync(links["carol@example.com"], "reject", "no");

        var late = await gate.SendAsync(EndpointFixture.Post(links["bob@example.com"], $"nonce={Uri.EscapeDataString(EndpointFixture.NonceOf(bobsPage.Body)!)}&decision=approve"));

        Assert.Equal(409, late.StatusCode);
        Assert.Contains("already rejected", late.Body);
        Assert.Single(gate.Callback.Calls);
        Assert.Contains("This approval is rejected", (await gate.SendAsync(EndpointFixture.Get(links["bob@example.com"]))).Body);
    }

    [Fact]
    public async Task Expired_link_gets_the_expired_page()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();
        var page = await gate.SendAsync(EndpointFixture.Get(links["bob@example.com"]));
        gate.Clock.Advance(TimeSpan.FromHours(24));

        var view = await gate.SendAsync(EndpointFixture.Get(links["bob@example.com"]));
        var post = await gate.SendAsync(EndpointFixture.Post(links["bob@example.com"], $"nonce={Uri.EscapeDataString(EndpointFixture.NonceOf(page.Body)!)}&decision=approve"));

        Assert.Equal((410, 410), (view.StatusCode, post.StatusCode));
        Assert.Contains("expired", view.Body);
        Assert.Empty((await gate.RecordAsync()).Votes);
    }

    [Fact]
    public async Task Tampered_link_gets_the_invalid_link_page()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();
        var forged = links["bob@example.com"].Replace("approver=bob%40example.com", "approver=carol%40example.com");

        var view = await gate.SendAsync(EndpointFixture.Get(forged));

        Assert.Equal(403, view.StatusCode);
        Assert.Contains("Invalid link", view.Body);
        Assert.DoesNotContain("sales-pipeline", view.Body);
    }

    [Fact]
    public async Task Post_without_the_page_nonce_is_refused()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();

        var post = await gate.SendAsync(EndpointFixture.Post(links["bob@example.com"], "decision=approve"));

        Assert.Equal(403, post.StatusCode);
        Assert.Empty((await gate.RecordAsync()).Votes);
    }

    [Fact]
    public async Task Form_body_sent_base64_encoded_is_understood()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();
        var page = await gate.SendAsync(EndpointFixture.Get(links["bob@example.com"]));
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes($"nonce={Uri.EscapeDataString(EndpointFixture.NonceOf(page.Body)!)}&decision=approve"));

        var post = await gate.SendAsync(EndpointFixture.Post(links["bob@example.com"], body, base64: true));

        Assert.Equal(200, post.StatusCode);
        Assert.Single((await gate.RecordAsync()).Votes);
    }

    [Fact]
    public async Task Audit_trail_records_each_vote_with_source_ip_and_user_agent()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();
        await gate.VoteAsync(links["bob@example.com"], "approve", "fine");
        await gate.VoteAsync(links["carol@example.com"], "approve");

        var trail = await gate.Audit.ReadAllAsync(default);

        Assert.Equal([AuditAction.Requested, AuditAction.Voted, AuditAction.Voted, AuditAction.Approved], trail.Select(e => e.Action));
        Assert.Equal(("bob@example.com", "fine", "198.51.100.23", "Mozilla/5.0 (fixture)"), (trail[1].Approver, trail[1].Comment, trail[1].SourceIp, trail[1].UserAgent));
    }
}

public class ApprovalEndpointProtocolTests
{
    private static async Task<(EndpointFixture Gate, string Link)> OpenAsync()
    {
        var gate = new EndpointFixture();
        var links = await gate.RequestAsync();
        return (gate, links["bob@example.com"]);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("HEAD")]
    [InlineData("OPTIONS")]
    public async Task Other_methods_get_405_with_allow_header(string method)
    {
        var (gate, link) = await OpenAsync();
        using var _ = gate;

        var response = await gate.SendAsync(EndpointFixture.Event(link, method, null, null));

        Assert.Equal(405, response.StatusCode);
        Assert.Equal("GET, POST", response.Headers["Allow"]);
    }

    [Fact]
    public async Task Oversized_body_gets_413()
    {
        var (gate, link) = await OpenAsync();
        using var _ = gate;

        var response = await gate.SendAsync(EndpointFixture.Post(link, "decision=approve&comment=" + new string('x', 9000)));

        Assert.Equal(413, response.StatusCode);
        Assert.Empty((await gate.RecordAsync()).Votes);
    }

    [Theory]
    [InlineData("nonce=abc&decision=maybe")]
    [InlineData("nonce=abc")]
    [InlineData("decision=approve&decision=reject")]
    [InlineData("=x&decision=approve")]
    public async Task Malformed_form_gets_400(string body)
    {
        var (gate, link) = await OpenAsync();
        using var _ = gate;

        var response = await gate.SendAsync(EndpointFixture.Post(link, body));

        Assert.Equal(400, response.StatusCode);
    }

    [Fact]
    public async Task Comment_over_the_limit_gets_400_naming_the_limit()
    {
        var (gate, link) = await OpenAsync();
        using var _ = gate;

        var response = await gate.SendAsync(EndpointFixture.Post(link, "decision=reject&comment=" + new string('x', 1001)));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("1000 characters", response.Body);
    }

    [Fact]
    public async Task Invalid_base64_body_gets_400()
    {
        var (gate, link) = await OpenAsync();
        using var _ = gate;

        Assert.Equal(400, (await gate.SendAsync(EndpointFixture.Post(link, "not base64!!", base64: true))).StatusCode);
    }

    [Fact]
    public async Task Link_with_a_repeated_parameter_gets_400()
    {
        var (gate, link) = await OpenAsync();
        using var _ = gate;

        Assert.Equal(400, (await gate.SendAsync(EndpointFixture.Get(link + "&approver=carol%40example.com"))).StatusCode);
    }

    [Fact]
    public async Task Link_without_signature_gets_400()
    {
        var (gate, link) = await OpenAsync();
        using var _ = gate;

        Assert.Equal(400, (await gate.SendAsync(EndpointFixture.Get(link[..link.IndexOf("&sig=", StringComparison.Ordinal)]))).StatusCode);
    }

    [Fact]
    public async Task Json_body_gets_415()
    {
        var (gate, link) = await OpenAsync();
        using var _ = gate;

        Assert.Equal(415, (await gate.SendAsync(EndpointFixture.Post(link, "{\"decision\":\"approve\"}", "application/json"))).StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/approvals/")]
    [InlineData("/approvals/..%2Fetc")]
    [InlineData("/approvals/run-1-prod/extra")]
    public async Task Unknown_path_gets_404(string path)
    {
        var (gate, _) = await OpenAsync();
        using var __ = gate;

        Assert.Equal(404, (await gate.SendAsync(EndpointFixture.Get($"https://abc123.lambda-url.eu-west-1.on.aws{path}"))).StatusCode);
    }

    [Fact]
    public async Task Adapter_failure_gets_500_without_details()
    {
        using var gate = new EndpointFixture(store: new BrokenApprovalStore());
        var link = "https://abc123.lambda-url.eu-west-1.on.aws/approvals/run-1-prod?approver=bob%40example.com&exp=1900000000&sig=" + new string('A', 43);
        // The signature is checked first; sign properly so the request reaches the broken store.
        var signer = new ApprovalLinkSigner(SmusServerless.Local.Approvals.LocalMacService.FromStateDirectory(gate.StateDirectory));
        var signed = await signer.CreateLinkAsync(EndpointFixture.BaseUrl, new ApprovalLinkClaims("run-1-prod", "bob@example.com", DateTimeOffset.FromUnixTimeSeconds(1_900_000_000)), default);

        var response = await gate.SendAsync(EndpointFixture.Get(signed.Url));

        Assert.Equal(500, response.StatusCode);
        Assert.DoesNotContain("disk on fire", response.Body);
        Assert.DoesNotContain("SECRET-IN-EXCEPTION", response.Body);
        Assert.DoesNotContain("   at ", response.Body);
        Assert.DoesNotContain("SECRET-IN-EXCEPTION", gate.Logs.ToString());
        Assert.Contains("InvalidOperationException", gate.Logs.ToString());
        Assert.NotEqual(link, signed.Url);
    }

    public static TheoryData<string> Scenarios => new() { "review", "self", "invalid", "405", "413", "400", "404", "recorded" };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Every_response_carries_the_security_headers(string scenario)
    {
        var (gate, link) = await OpenAsync();
        using var _ = gate;
        var links = await gate.RequestAsync();

        var response = scenario switch
        {
            "review" => await gate.SendAsync(EndpointFixture.Get(link)),
            "self" => await gate.SendAsync(EndpointFixture.Get(links["alice@example.com"])),
            "invalid" => await gate.SendAsync(EndpointFixture.Get(link.Replace("exp=", "exp=1"))),
            "405" => await gate.SendAsync(EndpointFixture.Event(link, "PUT", null, null)),
            "413" => await gate.SendAsync(EndpointFixture.Post(link, new string('x', 20_000))),
            "400" => await gate.SendAsync(EndpointFixture.Post(link, "decision=x")),
            "404" => await gate.SendAsync(EndpointFixture.Get("https://h/nothing")),
            _ => await gate.VoteAsync(link, "approve"),
        };

        Assert.Equal("no-store", response.Headers["Cache-Control"]);
        Assert.Equal("no-referrer", response.Headers["Referrer-Policy"]);
        Assert.Equal("DENY", response.Headers["X-Frame-Options"]);
        Assert.Equal("nosniff", response.Headers["X-Content-Type-Options"]);
        Assert.Equal("text/html; charset=utf-8", response.Headers["Content-Type"]);
        var csp = response.Headers["Content-Security-Policy"];
        Assert.StartsWith("default-src 'none';", csp);
        Assert.Contains("form-action 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
    }

    [Fact]
    public async Task Logs_never_carry_the_task_token_or_a_signature()
    {
        using var gate = new EndpointFixture();
        var links = await gate.RequestAsync();
        await gate.VoteAsync(links["alice@example.com"], "approve");
        await gate.VoteAsync(links["bob@example.com"], "approve");
        await gate.SendAsync(EndpointFixture.Get(links["bob@example.com"].Replace("exp=", "exp=9")));
        await gate.VoteAsync(links["carol@example.com"], "reject", "no");

        var logs = gate.Logs.ToString();

        Assert.Contains("approval.vote.recorded", logs);
        Assert.Contains("approval.vote.refused", logs);
        Assert.DoesNotContain(EndpointFixture.TaskToken, logs);
        Assert.DoesNotContain(WebUtility.UrlEncode(EndpointFixture.TaskToken), logs);
        foreach (var link in links.Values)
            Assert.DoesNotContain(EndpointFixture.SignatureOf(link), logs);
    }
}
