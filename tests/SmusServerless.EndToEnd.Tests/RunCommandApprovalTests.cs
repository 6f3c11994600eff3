using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmusServerless.Cli;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Pipeline;
using SmusServerless.Local.Approvals;
using SmusServerless.Local.Pipeline;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>
/// `smus-serverless run` as a person uses it: the approval pages are served on 127.0.0.1, each approver's link is
/// printed (and, with --json, carried in the "Approval Requested" event), and votes reach the gate only over HTTP.
/// </summary>
public sealed partial class RunCommandApprovalTests : IDisposable
{
    private static readonly string[] Approvers = ["approver-1@local", "approver-2@local"];
    private readonly string _state = Directory.CreateTempSubdirectory("smus-run-").FullName;

    private static string Example => Path.Combine(OfflineWorld.RepositoryRoot, "examples", "marketing-demo");

    [Fact]
    public async Task Run_prints_each_approvers_link_on_loopback_and_votes_through_the_link_and_the_approve_command_finish_it()
    {
        var stdout = new SynchronizedOutput();
        var running = CliApplication.RunAsync(["run", Example, "--state-dir", _state], stdout.Writer, TextWriter.Null, new Dictionary<string, string?>());

        var links = await WaitForLinksAsync(stdout, running);
        using var http = new HttpClient();
        var page = await http.GetAsync(links["approver-1@local"]);
        var opened = await new ApprovalLinkClient(http).VoteAsync(links["approver-1@local"], ApprovalDecision.Approve, "looks right", CancellationToken.None);
        var approvalId = new Uri(links["approver-2@local"]).AbsolutePath.Split('/')[^1];
        var approveExit = await CliApplication.RunAsync(["approve", approvalId, "--as", "approver-2@local", "--state-dir", _state],
            TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>());
        var exit = await running;

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.All(links.Values, link => Assert.StartsWith("http://127.0.0.1:", link, StringComparison.Ordinal));
        Assert.True(opened.Counted, $"{opened.Title}: {opened.Message}");
        Assert.Equal((0, 0), (approveExit, exit));
        Assert.Contains("deployment succeeded", stdout.Text);
        // Both votes came in over HTTP from loopback: the audit trail records the source address of each.
        var votes = (await FileAuditLog.InStateDirectory(Path.Combine(_state, LocalPipelineRun.ApprovalsDirectory)).ReadAllAsync(CancellationToken.None))
            .Where(e => e.Action == AuditAction.Voted).ToList();
        Assert.Equal(Approvers, votes.Select(v => v.Approver).Order(StringComparer.Ordinal));
        Assert.All(votes, v => Assert.Equal("127.0.0.1", v.SourceIp));
    }

    [Fact]
    public async Task Run_json_carries_one_link_per_approver_in_the_Approval_Requested_event()
    {
        var stdout = new StringWriter();

        var exit = await CliApplication.RunAsync(["run", Example, "--auto-approve", "--json", "--state-dir", _state], stdout, TextWriter.Null, new Dictionary<string, string?>());

        Assert.Equal(0, exit);
        var documents = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        var requested = Assert.Single(documents, d => d["detail-type"]?.GetValue<string>() == LifecycleEvents.ApprovalRequested);
        var links = requested["detail"]!["links"]!.AsArray();
        Assert.Equal(Approvers, links.Select(l => l!["approver"]!.GetValue<string>()));
        var approvalId = requested["detail"]!["request"]!["approvalId"]!.GetValue<string>();
        Assert.All(links, l => Assert.Matches($"^http://127\\.0\\.0\\.1:\\d+/approvals/{Regex.Escape(approvalId)}\\?", l!["url"]!.GetValue<string>()));
        Assert.True(documents[^1]["ok"]!.GetValue<bool>());
    }

    /// <summary>Reads the printed links while the run waits for them (bounded by count; the run prints them well within it).</summary>
    private static async Task<Dictionary<string, string>> WaitForLinksAsync(SynchronizedOutput stdout, Task<int> running)
    {
        for (var i = 0; i < 1200 && !running.IsCompleted; i++)
        {
            var links = PrintedLink().Matches(stdout.Text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            if (Approvers.All(links.ContainsKey)) return links;
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"run printed no link for each approver (exit {(running.IsCompleted ? running.Result : "-")}):\n{stdout.Text}");
    }

    [GeneratedRegex(@"approve as (\S+): (http://\S+)")]
    private static partial Regex PrintedLink();

    public void Dispose()
    {
        try { Directory.Delete(_state, recursive: true); } catch (IOException) { }
    }

    /// <summary>stdout written by the run on its own thread and read by the test meanwhile.</summary>
    private sealed class SynchronizedOutput
    {
        private readonly StringWriter _inner = new();

        public SynchronizedOutput() => Writer = TextWriter.Synchronized(_inner);

        public TextWriter Writer { get; }

        public string Text
        {
            get { lock (Writer) return _inner.ToString(); }
        }
    }
}
