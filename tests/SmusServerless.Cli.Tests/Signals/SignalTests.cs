using SmusServerless.Core.Approvals;
using SmusServerless.Local.Approvals;
using SmusServerless.Testing;

namespace SmusServerless.Cli.Tests.Signals;

/// <summary>
/// Docker, systemd and CI cancel with SIGTERM, people with Ctrl-C: the CLI stops cleanly on either, and a cancelled
/// deployment is not a success and leaves nothing waiting.
/// </summary>
public sealed class SignalTests
{
    /// <summary>How long a process may take to start (a cold build on a loaded machine) or to run up to its gate.</summary>
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(3);

    /// <summary>The bound on stopping after the signal: generous, so a loaded machine cannot fail it; a process deaf to the signal still does.</summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Serve_stops_on_SIGTERM_and_exits_zero()
    {
        using var scratch = new TemporaryDirectory();
        using var serve = CliProcess.Start(scratch.Path, "serve", "--port", "0", "--state-dir", Path.Combine(scratch.Path, "state"));
        await serve.WaitForOutputAsync("Ctrl-C to stop.", StartBound);

        serve.Signal(CliProcess.SigTerm);

        Assert.Equal(0, await serve.WaitForExitAsync(StopBound));
        Assert.EndsWith("stopped\n", serve.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_stops_on_Ctrl_C_and_exits_zero()
    {
        using var scratch = new TemporaryDirectory();
        using var serve = CliProcess.Start(scratch.Path, "serve", "--port", "0", "--state-dir", Path.Combine(scratch.Path, "state"));
        await serve.WaitForOutputAsync("Ctrl-C to stop.", StartBound);

        serve.Signal(CliProcess.SigInt);

        Assert.Equal(0, await serve.WaitForExitAsync(StopBound));
    }

    [Fact]
    public async Task A_run_waiting_at_a_gate_stops_on_SIGTERM_with_143_and_leaves_its_execution_aborted_and_its_approval_cancelled()
    {
        using var scratch = new TemporaryDirectory();
        var app = TestRepository.CopyExample("marketing-demo", Path.Combine(scratch.Path, "marketing-demo"));
        var state = Path.Combine(scratch.Path, "state");
        using var run = CliProcess.Start(scratch.Path, "run", app, "--state-dir", state);
        await run.WaitForOutputAsync("approve as", StartBound);

        run.Signal(CliProcess.SigTerm);

        Assert.Equal(143, await run.WaitForExitAsync(StopBound));
        Assert.DoesNotContain("deployment succeeded", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("aborted (Run.Cancelled)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("run: cancelled", run.Stderr, StringComparison.Ordinal);

        var status = await new CliRunner(scratch.Path).RunAsync("status", "--state-dir", state);
        Assert.Contains("ABORTED", status.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("RUNNING", status.Stdout, StringComparison.Ordinal);

        var store = new FileApprovalStore(Path.Combine(state, "approvals", LocalApprovalGate.ApprovalsDirectoryName));
        var linked = ApprovalIdsLinkedIn(run.Stdout);
        Assert.NotEmpty(linked);
        foreach (var id in linked)
            Assert.Equal(ApprovalStatus.Cancelled, (await store.GetAsync(id, default))!.Status);
    }

    [Fact]
    public async Task A_run_stopped_with_Ctrl_C_exits_130()
    {
        using var scratch = new TemporaryDirectory();
        var app = TestRepository.CopyExample("marketing-demo", Path.Combine(scratch.Path, "marketing-demo"));
        using var run = CliProcess.Start(scratch.Path, "run", app, "--state-dir", Path.Combine(scratch.Path, "state"));
        await run.WaitForOutputAsync("approve as", StartBound);

        run.Signal(CliProcess.SigInt);

        Assert.Equal(130, await run.WaitForExitAsync(StopBound));
        Assert.Contains("aborted (Run.Cancelled)", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The approval ids the run printed links for (…/approvals/&lt;id&gt;?approver=…).</summary>
    private static List<string> ApprovalIdsLinkedIn(string stdout) =>
        stdout.Split('\n')
            .Where(line => line.Contains("/approvals/", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf("/approvals/", StringComparison.Ordinal) + "/approvals/".Length)..].Split('?')[0])
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
