using System.Net;
using System.Text.RegularExpressions;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Pipeline;
using SmusServerless.Local.Approvals;
using SmusServerless.Local.Pipeline;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>
/// One real offline run of marketing-demo whose prod approval nobody answers: dev and test deploy, the prod gate
/// waits, and the virtual clock passes the stack's approval timeout. Approver 1 had opened the page before that.
/// </summary>
public sealed class ExpiredApprovalRun : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromHours(2);

    internal GatedRun Gated { get; private set; } = null!;
    public LocalRunResult Result { get; private set; } = null!;

    /// <summary>The form nonce of the page approver 1 opened while the approval was still pending.</summary>
    public string NonceOpenedBeforeExpiry { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Gated = await GatedRun.StartAsync("marketing-demo", "1.0.0", approvalTimeout: Timeout);
        using var http = new HttpClient();
        var page = await ApprovalPage.GetAsync(http, Gated.LinkOf("approver-1@local"));
        NonceOpenedBeforeExpiry = page.Nonce ?? throw new InvalidOperationException($"the pending approval page has no form: {page.Heading}");
        Result = await Gated.PassTimeAsync(Timeout);
    }

    public async Task DisposeAsync() => await Gated.DisposeAsync();
}

public sealed class ApprovalExpiryTests(ExpiredApprovalRun expired) : IClassFixture<ExpiredApprovalRun>
{
    private GatedRun Gated => expired.Gated;

    [Fact]
    public void Execution_fails_with_Approval_Expired_and_a_cause()
    {
        Assert.Equal("FAILED", expired.Result.Status);
        Assert.Equal(ApprovalErrorNames.Expired, expired.Result.Error);
        Assert.Contains("approval timed out", expired.Result.Cause);
    }

    [Fact]
    public void Approval_Expired_event_names_the_approval_and_target()
    {
        var expiredEvent = Assert.Single(Gated.Events(LifecycleEvents.ApprovalExpired));

        Assert.Equal(Gated.ApprovalId, expiredEvent["approvalId"]!.GetValue<string>());
        Assert.Equal("prod", expiredEvent["target"]!.GetValue<string>());
        Assert.Empty(expiredEvent["approvedBy"]!.AsArray());
    }

    [Fact]
    public void Deployment_Failed_event_carries_Approval_Expired_and_the_cause()
    {
        var failed = Assert.Single(Gated.Events(LifecycleEvents.DeploymentFailed));

        Assert.Equal(ApprovalErrorNames.Expired, failed["error"]!.GetValue<string>());
        Assert.Equal(expired.Result.Cause, failed["cause"]!.GetValue<string>());
        Assert.Equal(LifecycleEvents.DeploymentFailed, Gated.World.DetailTypes.Last());
    }

    [Fact]
    public async Task Audit_trail_holds_the_request_then_the_expiry_and_no_vote()
    {
        var trail = (await Gated.AuditTrailAsync()).Where(e => e.ApprovalId == Gated.ApprovalId).ToList();

        var actions = trail.Select(e => e.Action).ToList();
        Assert.True(actions.IndexOf(AuditAction.Requested) == 0 && actions.Contains(AuditAction.Expired), string.Join(", ", actions));
        Assert.DoesNotContain(trail, e => e.Action is AuditAction.Voted or AuditAction.Approved or AuditAction.Rejected);
        var requestedAt = trail[0].At;
        Assert.Equal(requestedAt + ExpiredApprovalRun.Timeout, Assert.Single(trail, e => e.Action == AuditAction.Expired).At);
    }

    [Fact]
    public async Task Approval_record_is_expired_with_no_votes()
    {
        var record = await Gated.ApprovalAsync();

        Assert.Equal(ApprovalStatus.Expired, record.Status);
        Assert.Empty(record.Votes);
        // Links carry whole seconds: the approval's expiry is the task's timeout rounded down, never after it.
        var timesOut = record.Request.RequestedAt + ExpiredApprovalRun.Timeout;
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(timesOut.ToUnixTimeSeconds()), record.Request.ExpiresAt);
    }

    [Fact]
    public async Task Prod_is_untouched_while_dev_and_test_are_deployed()
    {
        Assert.Equal(["dev", "test"], Gated.Events(LifecycleEvents.TargetDeployed).Select(e => e["target"]!.GetValue<string>()));
        Assert.NotNull(await Gated.DeploymentOfAsync("dev"));
        Assert.NotNull(await Gated.DeploymentOfAsync("test"));
        Assert.Null(await Gated.DeploymentOfAsync("prod"));
        // Each target project has its own prefix in the projects bucket; only dev's and test's hold the DAG.
        var files = await Gated.World.ProjectFilesAsync(Gated.Run);
        Assert.Equal(2, files.Keys.Count(k => k.EndsWith("/workflows/dags/marketing_daily_refresh.py", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Link_opened_after_expiry_shows_that_the_approval_is_expired_without_a_form()
    {
        using var http = new HttpClient();

        var page = await ApprovalPage.GetAsync(http, Gated.LinkOf("approver-2@local"));

        // The timeout path resolved the approval as expired, so the page is the decided-approval page for "expired".
        Assert.Equal((HttpStatusCode.OK, "This approval is expired"), (page.Status, page.Heading));
        Assert.Contains("No more votes are accepted", page.Html);
        Assert.Null(page.Nonce);
    }

    [Fact]
    public async Task Vote_from_a_page_opened_before_expiry_is_refused_and_changes_nothing()
    {
        using var http = new HttpClient();

        using var response = await http.PostAsync(Gated.LinkOf("approver-1@local"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["nonce"] = expired.NonceOpenedBeforeExpiry, ["decision"] = "approve", ["comment"] = "sorry, I was on holiday",
        }));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("This approval is already expired", page);
        Assert.Contains("Your vote was not counted", page);
        var record = await Gated.ApprovalAsync();
        Assert.Equal((ApprovalStatus.Expired, 0), (record.Status, record.Votes.Count));
        Assert.Equal("FAILED", (await Gated.ContinueAsync()).Status);
        Assert.Null(await Gated.DeploymentOfAsync("prod"));
    }

    [Fact]
    public async Task Approve_command_after_expiry_fails_and_counts_nothing()
    {
        var stdout = new StringWriter();

        var exit = await Cli.CliApplication.RunAsync(["approve", Gated.ApprovalId, "--as", "approver-2@local", "--state-dir", Gated.World.StateDirectory],
            stdout, TextWriter.Null, new Dictionary<string, string?>());

        Assert.Equal(1, exit);
        Assert.Contains("This approval is expired", stdout.ToString());
        Assert.Empty((await Gated.ApprovalAsync()).Votes);
    }
}

/// <summary>The edge of the timeout: a vote cast one second before it counts, and the run goes on to prod.</summary>
public sealed class ApprovalExpiryBoundaryTests
{
    [Fact]
    public async Task Votes_cast_one_second_before_the_timeout_count_and_prod_deploys()
    {
        var timeout = TimeSpan.FromMinutes(30);
        await using var gated = await GatedRun.StartAsync("marketing-demo", "1.0.0", approvalTimeout: timeout);

        var waiting = await gated.PassTimeAsync(timeout - TimeSpan.FromSeconds(1));
        using var http = new HttpClient();
        var votes = new List<ApprovalLinkResult>();
        foreach (var approver in GatedRun.LocalApprovers)
            votes.Add(await new ApprovalLinkClient(http).VoteAsync(gated.LinkOf(approver), ApprovalDecision.Approve, null, CancellationToken.None));
        var result = await gated.ContinueAsync();

        Assert.Equal("RUNNING", waiting.Status);
        Assert.All(votes, v => Assert.True(v.Counted, $"{v.StatusCode} {v.Title}: {v.Message}"));
        Assert.True(result.Succeeded, $"{result.Error}: {result.Cause}");
        Assert.Equal(ApprovalStatus.Approved, (await gated.ApprovalAsync()).Status);
        Assert.Equal("1.0.0", (await gated.DeploymentOfAsync("prod"))?.BundleVersion);
        Assert.Empty(gated.Events(LifecycleEvents.ApprovalExpired));
    }
}

/// <summary>An approval page read over HTTP as a browser gets it: status, heading, and the form nonce when it has a form.</summary>
internal sealed partial record ApprovalPage(HttpStatusCode Status, string Heading, string? Nonce, string Html)
{
    public static async Task<ApprovalPage> GetAsync(HttpClient http, string link)
    {
        using var response = await http.GetAsync(link);
        var html = await response.Content.ReadAsStringAsync();
        var nonce = NonceField().Match(html);
        return new ApprovalPage(response.StatusCode, WebUtility.HtmlDecode(HeadingElement().Match(html).Groups[1].Value),
            nonce.Success ? WebUtility.HtmlDecode(nonce.Groups[1].Value) : null, html);
    }

    [GeneratedRegex("<h1>(.*?)</h1>", RegexOptions.Singleline)]
    private static partial Regex HeadingElement();

    [GeneratedRegex("name=\"nonce\" value=\"([^\"]+)\"")]
    private static partial Regex NonceField();
}
