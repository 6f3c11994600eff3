using SmusServerless.Core.Approvals;

namespace SmusServerless.Core.Tests.Approvals;

public class ApprovalCancellationTests
{
    [Fact]
    public async Task Cancelling_a_pending_approval_closes_it_with_the_reason_and_audits_it()
    {
        var gate = new GateFixture();
        await gate.RequestAsync();

        Assert.Equal(CancellationOutcome.Cancelled, await gate.Cancellation.CancelAsync("run-1-prod", "the run was stopped (SIGTERM)", default));

        var record = (await gate.Store.GetAsync("run-1-prod", default))!;
        Assert.Equal(ApprovalStatus.Cancelled, record.Status);
        Assert.Equal("Cancelled: the run was stopped (SIGTERM)", record.Resolution!.Cause);
        Assert.True(record.Resolution.CallbackDelivered);
        Assert.Contains(gate.Audit.Entries, e => e is { Action: AuditAction.Cancelled, ApprovalId: "run-1-prod" });
        Assert.Empty(gate.Callback.Calls);
    }

    [Fact]
    public async Task A_vote_on_a_cancelled_approval_is_refused_and_sends_no_callback()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();
        await gate.Cancellation.CancelAsync("run-1-prod", "the run was stopped", default);
        gate.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(VoteOutcomeStatus.AlreadyDecided, (await gate.VoteAsync(requested, "bob@example.com")).Status);
        Assert.Empty(gate.Callback.Calls);
    }

    [Fact]
    public async Task Cancelling_a_decided_approval_changes_nothing()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();
        await gate.VoteAsync(requested, "carol@example.com", ApprovalDecision.Reject);

        Assert.Equal(CancellationOutcome.AlreadyDecided, await gate.Cancellation.CancelAsync("run-1-prod", "the run was stopped", default));
        Assert.Equal(ApprovalStatus.Rejected, (await gate.Store.GetAsync("run-1-prod", default))!.Status);
        Assert.DoesNotContain(gate.Audit.Entries, e => e.Action == AuditAction.Cancelled);
    }

    [Fact]
    public async Task Cancelling_an_unknown_approval_reports_not_found()
    {
        Assert.Equal(CancellationOutcome.NotFound, await new GateFixture().Cancellation.CancelAsync("nope", "the run was stopped", default));
    }

    [Fact]
    public async Task An_invalid_approval_id_is_refused_by_name()
    {
        var error = await Assert.ThrowsAsync<ApprovalException>(() => new GateFixture().Cancellation.CancelAsync("../x", "stopped", default));
        Assert.Equal(ApprovalErrorNames.InvalidRequest, error.ErrorName);
    }
}
