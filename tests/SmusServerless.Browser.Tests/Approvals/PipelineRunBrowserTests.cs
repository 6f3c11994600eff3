using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Playwright;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Pipeline;
using SmusServerless.EndToEnd.Tests;
using SmusServerless.Local.Approvals;

namespace SmusServerless.Browser.Tests.Approvals;

/// <summary>
/// The gate in a real offline run of examples/marketing-demo: dev and test deploy, the run waits at prod's approval,
/// chromium opens the links from the "Approval Requested" event and a person reads and clicks; then the run goes on.
/// The engine only moves when the test says so, so each click is seen by the run exactly once and nothing sleeps.
/// </summary>
public sealed class PipelineRunBrowserTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>, IAsyncLifetime
{
    private const string Version = "1.4.0";

    /// <summary>The bundle's author is among the configured approvers, so their own link exists and must be refused.</summary>
    private static readonly string[] Approvers = [GatedRun.Author, "approver-1@local", "approver-2@local"];

    private IBrowserContext _context = null!;

    public async Task InitializeAsync() => _context = await chromium.Browser.NewContextAsync();

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Page_shows_what_prod_is_about_to_receive_and_the_earlier_targets_test_results()
    {
        await using var gated = await GatedRun.StartAsync("marketing-demo", Version, Approvers);
        var request = (await gated.ApprovalAsync()).Request;

        var page = await OpenAsync(gated.LinkOf("approver-1@local"));

        Assert.Equal("Approve deployment to prod (PROD)?", await page.Locator("h1").InnerTextAsync());
        var terms = await TermsAsync(page);
        Assert.Equal(gated.PipelineName, terms["Pipeline"]);
        Assert.Equal($"{request.BundleName} {Version}", terms["Bundle"]);
        Assert.Equal(GatedRun.Author, terms["Author"]);
        Assert.Equal(("prod", "PROD"), (terms["Target"], terms["Stage"]));
        Assert.Equal(request.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), terms["Expires"]);
        var body = await page.Locator("body").InnerTextAsync();
        // prod has never been deployed: every file of the deploy is added, nothing changed or removed.
        var files = await FileListsAsync(page);
        Assert.Equal(request.Files.Added, files["Added"]);
        Assert.Contains(files["Added"], f => f.EndsWith("workflows/dags/marketing_daily_refresh.py", StringComparison.Ordinal));
        Assert.Equal((0, 0), (files["Changed"].Length, files["Removed"].Length));
        var tests = await TableRowsAsync(page);
        Assert.Equal(["dev", "test"], tests.Select(r => r[0]));
        Assert.All(tests, row => Assert.Equal("passed", row[1]));
        Assert.All(tests, row => Assert.True(int.Parse(row[2], CultureInfo.InvariantCulture) > 0, $"{row[0]} reports no passed test"));
        Assert.Contains("No votes yet.", body);
        Assert.Contains("Votes (0 of 2 approvals needed)", body);
    }

    [Fact]
    public async Task Page_of_a_redeploy_lists_the_files_it_adds_changes_and_removes_in_prod()
    {
        await using var gated = await GatedRun.StartAsync("marketing-demo", Version, Approvers);
        await ApproveOverHttpAsync(gated);
        var first = await gated.ContinueAsync();
        Assert.True(first.Succeeded, $"{first.Error}: {first.Cause}");
        var project = CopyExample("marketing-demo", Path.Combine(gated.World.StateDirectory, "marketing-demo-next"));
        await File.AppendAllTextAsync(Path.Combine(project, "workflows", "dags", "marketing_daily_refresh.py"), "\n# Refreshed at 06:00 UTC from now on.\n");
        File.Delete(Path.Combine(project, "workflows", "dags", "campaign_report.py"));
        await File.WriteAllTextAsync(Path.Combine(project, "src", "sql", "channel_mix.sql"), "SELECT channel, COUNT(*) AS responses FROM campaign_responses GROUP BY channel;\n");
        await gated.UploadAsync(await gated.World.BundleAsync(project, "1.5.0"));

        var page = await OpenAsync(gated.LinkOf("approver-1@local"));

        Assert.EndsWith(" 1.5.0", (await TermsAsync(page))["Bundle"], StringComparison.Ordinal);
        var files = await FileListsAsync(page);
        Assert.EndsWith("/sql/channel_mix.sql", Assert.Single(files["Added"]), StringComparison.Ordinal);
        Assert.EndsWith("workflows/dags/marketing_daily_refresh.py", Assert.Single(files["Changed"]), StringComparison.Ordinal);
        Assert.EndsWith("workflows/dags/campaign_report.py", Assert.Single(files["Removed"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_approvers_clicking_Approve_let_the_run_deploy_the_bundle_to_prod()
    {
        await using var gated = await GatedRun.StartAsync("marketing-demo", Version, Approvers);

        var first = await OpenAsync(gated.LinkOf("approver-1@local"));
        await first.GetByLabel("Comment").FillAsync("dev and test are green");
        await first.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        Assert.Equal("Your vote is recorded", await first.Locator("h1").InnerTextAsync());
        Assert.Equal("RUNNING", (await gated.ContinueAsync()).Status);

        var second = await OpenAsync(gated.LinkOf("approver-2@local"));
        Assert.Contains("approver-1@local approved", await second.Locator("body").InnerTextAsync());
        Assert.Contains("Votes (1 of 2 approvals needed)", await second.Locator("body").InnerTextAsync());
        await second.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        Assert.Equal("Approved", await second.Locator("h1").InnerTextAsync());
        var result = await gated.ContinueAsync();

        Assert.True(result.Succeeded, $"{result.Status} {result.Error}: {result.Cause}");
        var prod = await gated.DeploymentOfAsync("prod");
        Assert.Equal(Version, prod?.BundleVersion);
        var added = (await gated.ApprovalAsync()).Request.Files.Added;
        Assert.Equal(added.Order(StringComparer.Ordinal), prod!.Files.Select(f => f.BundlePath).Order(StringComparer.Ordinal));
        foreach (var file in prod.Files)
        {
            await using var content = await gated.Run.Store.OpenReadAsync(file.Bucket, file.Key, null, CancellationToken.None);
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(content)), ignoreCase: true);
        }
        Assert.Equal(LifecycleEvents.DeploymentSucceeded, gated.World.DetailTypes.Last());
    }

    [Fact]
    public async Task Bundle_author_opening_their_own_link_gets_the_self_approval_page()
    {
        await using var gated = await GatedRun.StartAsync("marketing-demo", Version, Approvers);

        var author = await OpenAsync(gated.LinkOf(GatedRun.Author));

        Assert.Equal("You cannot approve your own deployment", await author.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await author.GetByRole(AriaRole.Button).CountAsync());
        Assert.Empty((await gated.ApprovalAsync()).Votes);
        Assert.Equal("RUNNING", (await gated.ContinueAsync()).Status);
        Assert.Null(await gated.DeploymentOfAsync("prod"));
    }

    [Fact]
    public async Task Reject_with_a_comment_stops_the_run_with_Approval_Rejected_naming_approver_and_comment()
    {
        await using var gated = await GatedRun.StartAsync("marketing-demo", Version, Approvers);

        var page = await OpenAsync(gated.LinkOf("approver-2@local"));
        await page.GetByLabel("Comment").FillAsync("the campaign asset is not signed off");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        Assert.Equal("Rejected", await page.Locator("h1").InnerTextAsync());
        var result = await gated.ContinueAsync();

        Assert.Equal(("FAILED", "Approval.Rejected"), (result.Status, result.Error));
        Assert.Contains("approver-2@local", result.Cause);
        Assert.Contains("the campaign asset is not signed off", result.Cause);
        Assert.Null(await gated.DeploymentOfAsync("prod"));
        Assert.Equal(ApprovalStatus.Rejected, (await gated.ApprovalAsync()).Status);
    }

    private async Task<IPage> OpenAsync(string link)
    {
        var page = await _context.NewPageAsync();
        var response = await page.GotoAsync(link);
        Assert.NotNull(response);
        return page;
    }

    /// <summary>Both local approvers vote over HTTP, as the approve command does (setting up an earlier deployment).</summary>
    private static async Task ApproveOverHttpAsync(GatedRun gated)
    {
        using var http = new HttpClient();
        foreach (var approver in GatedRun.LocalApprovers)
        {
            var vote = await new ApprovalLinkClient(http).VoteAsync(gated.LinkOf(approver), ApprovalDecision.Approve, null, CancellationToken.None);
            Assert.True(vote.Counted, $"{approver}: {vote.Title}: {vote.Message}");
        }
    }

    /// <summary>A copy of an example project to change, so a second bundle differs from the first.</summary>
    private static string CopyExample(string example, string destination)
    {
        var source = Path.Combine(OfflineWorld.RepositoryRoot, "examples", example);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return destination;
    }

    /// <summary>The page's file lists (Added, Changed, Removed) as label → bundle paths.</summary>
    private static async Task<Dictionary<string, string[]>> FileListsAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>(
            "() => JSON.stringify(Object.fromEntries([...document.querySelectorAll('p > strong')]"
            + ".filter(s => ['Added', 'Changed', 'Removed'].includes(s.textContent))"
            + ".map(s => { const list = s.parentElement.nextElementSibling;"
            + " return [s.textContent, list && list.tagName === 'UL' ? [...list.querySelectorAll('code')].map(c => c.textContent) : []]; })))");
        return JsonSerializer.Deserialize<Dictionary<string, string[]>>(json)!;
    }

    /// <summary>The page's definition list ("What is being deployed") as term → value.</summary>
    private static async Task<Dictionary<string, string>> TermsAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>(
            "() => JSON.stringify(Object.fromEntries([...document.querySelectorAll('dt')].map(t => [t.textContent, t.nextElementSibling.textContent])))");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
    }

    /// <summary>The rows (without the header) of the earlier targets' test results table.</summary>
    private static async Task<List<string[]>> TableRowsAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>(
            "() => JSON.stringify([...document.querySelectorAll('table tr')].slice(1).map(r => [...r.cells].map(c => c.textContent)))");
        return JsonSerializer.Deserialize<List<string[]>>(json)!;
    }
}
