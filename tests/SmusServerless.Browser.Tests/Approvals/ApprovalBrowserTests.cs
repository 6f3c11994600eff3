using Microsoft.Playwright;
using SmusServerless.Core.Approvals;
using SmusServerless.Functions.Approvals;
using SmusServerless.Functions.Tests.Approvals;
using SmusServerless.Local.Approvals;

namespace SmusServerless.Browser.Tests.Approvals;

/// <summary>
/// A person's view of the gate: chromium opens the links from the "Approval Requested" event, served by
/// <see cref="LocalApprovalServer"/> (the Lambda endpoint code over Kestrel), reads the page and clicks.
/// </summary>
public sealed class ApprovalBrowserTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>, IAsyncLifetime
{
    private const string TaskToken = "AAAAKgAAAAIAAAAAAAAAAbrowserTaskToken+/=";
    private static readonly string[] Approvers = ["alice@example.com", "bob@example.com", "carol@example.com"];

    private readonly TemporaryDirectory _state = new();
    private readonly RecordingTaskCallback _callback = new();
    private readonly Dictionary<string, string> _links = new();
    private LocalApprovalGate _gate = null!;
    private IBrowserContext _context = null!;

    public async Task InitializeAsync()
    {
        _gate = await LocalApprovalGate.StartAsync(
            new LocalApprovalSettings(_state.Path, new ApprovalPolicy(Approvers, 2, TimeSpan.FromHours(4))),
            _callback,
            new JsonLinesApprovalNotifier(TextWriter.Null, (_, requested) =>
            {
                foreach (var link in requested?.Links ?? [])
                    _links[link.Approver] = link.Url;
            }),
            new ConsoleApprovalLog(TextWriter.Null, TimeProvider.System));
        await _gate.Gate.RequestHandler.HandleAsync(new ApprovalRequestInput
        {
            ApprovalId = "run-7-prod",
            TaskToken = TaskToken,
            Pipeline = "sales-pipeline",
            BundleName = "sales",
            BundleVersion = "2.0.1",
            SourceCommit = "9b1d4c7",
            Author = "Alice <alice@example.com>",
            Target = "prod",
            Stage = "PROD",
            Files = new FileChangesInput { Added = ["storage/orders.sql"], Changed = ["workflows/daily.py"], Removed = [] },
            PreviousTestResults = [new TestResultInput { Target = "test", Outcome = "Passed", Passed = 8, Failed = 0 }],
        }, default);
        _context = await chromium.Browser.NewContextAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _gate.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task Two_approvers_clicking_approve_complete_the_task()
    {
        var bob = await OpenAsync("bob@example.com");
        Assert.Equal("Approve deployment to prod (PROD)?", await bob.Locator("h1").InnerTextAsync());
        Assert.Contains("sales 2.0.1", await bob.Locator("body").InnerTextAsync());
        await bob.GetByLabel("Comment").FillAsync("checked the orders table");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        Assert.Equal("Your vote is recorded", await bob.Locator("h1").InnerTextAsync());
        Assert.Empty(_callback.Calls);

        var carol = await OpenAsync("carol@example.com");
        Assert.Contains("bob@example.com approved", await carol.Locator("body").InnerTextAsync());
        await carol.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        Assert.Equal("Approved", await carol.Locator("h1").InnerTextAsync());
        var call = Assert.Single(_callback.Calls);
        Assert.Equal(("success", TaskToken), (call.Kind, call.TaskToken));
    }

    [Fact]
    public async Task Author_gets_the_self_approval_page_without_buttons()
    {
        var alice = await OpenAsync("alice@example.com");

        Assert.Equal("You cannot approve your own deployment", await alice.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await alice.GetByRole(AriaRole.Button).CountAsync());
        Assert.Empty(_callback.Calls);
    }

    [Fact]
    public async Task Reject_stops_the_run_with_approval_rejected()
    {
        var carol = await OpenAsync("carol@example.com");
        await carol.GetByLabel("Comment").FillAsync("not before the quarter closes");
        await carol.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();

        Assert.Equal("Rejected", await carol.Locator("h1").InnerTextAsync());
        var call = Assert.Single(_callback.Calls);
        Assert.Equal(("failure", TaskToken, "Approval.Rejected", "Rejected by carol@example.com: not before the quarter closes"),
            (call.Kind, call.TaskToken, call.Error, call.Cause));
    }

    [Fact]
    public async Task Content_security_policy_admits_the_page_style_and_reports_no_violation()
    {
        var console = new List<string>();
        var page = await _context.NewPageAsync();
        page.Console += (_, message) => console.Add(message.Text);

        await page.GotoAsync(_links["bob@example.com"]);

        var background = await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor");
        Assert.Equal("rgb(26, 127, 55)", background);
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Opening_the_link_again_after_voting_shows_the_vote_and_no_buttons()
    {
        var bob = await OpenAsync("bob@example.com");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await bob.GotoAsync(_links["bob@example.com"]);

        Assert.Equal("You have already voted", await bob.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await bob.GetByRole(AriaRole.Button).CountAsync());
        Assert.Empty(_callback.Calls);
    }

    private async Task<IPage> OpenAsync(string approver)
    {
        var page = await _context.NewPageAsync();
        var response = await page.GotoAsync(_links[approver]);
        Assert.NotNull(response);
        return page;
    }
}
