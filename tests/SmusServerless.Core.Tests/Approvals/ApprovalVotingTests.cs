using System.Text.Json;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Core.Tests.Approvals;

public class ApprovalVotingTests
{
    [Fact]
    public async Task Viewing_a_link_many_times_changes_nothing()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();
        var before = await gate.Store.GetAsync("run-1-prod", default);

        for (var i = 0; i < 50; i++)
            Assert.Equal(ViewStatus.Open, (await gate.Voting.ViewAsync(gate.LinkOf(requested, "bob@example.com"), default)).Status);

        var after = await gate.Store.GetAsync("run-1-prod", default);
        Assert.Empty(after!.Votes);
        Assert.Equal(before!.Resolution, after.Resolution);
        Assert.Empty(gate.Callback.Calls);
        Assert.Single(gate.Audit.Entries);
    }

    [Fact]
    public async Task First_approval_is_recorded_and_leaves_the_approval_pending()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();

        var outcome = await gate.VoteAsync(requested, "bob@example.com");

        Assert.Equal(VoteOutcomeStatus.Recorded, outcome.Status);
        Assert.Empty(gate.Callback.Calls);
    }

    [Fact]
    public async Task Quorum_sends_task_success_exactly_once_with_the_stored_token()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();

        await gate.VoteAsync(requested, "bob@example.com");
        var outcome = await gate.VoteAsync(requested, "carol@example.com");

        Assert.Equal(VoteOutcomeStatus.Approved, outcome.Status);
        var call = Assert.Single(gate.Callback.Calls);
        Assert.Equal(("success", GateFixture.TaskToken), (call.Kind, call.TaskToken));
        using var output = JsonDocument.Parse(call.Output!);
        Assert.Equal("Approved", output.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(["bob@example.com", "carol@example.com"], output.RootElement.GetProperty("approvedBy").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Reject_sends_task_failure_naming_approver_and_comment()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();

        var outcome = await gate.VoteAsync(requested, "carol@example.com", ApprovalDecision.Reject, "  not during the freeze ");

        Assert.Equal(VoteOutcomeStatus.Rejected, outcome.Status);
        var call = Assert.Single(gate.Callback.Calls);
        Assert.Equal(("failure", GateFixture.TaskToken, ApprovalErrorNames.Rejected), (call.Kind, call.TaskToken, call.Error));
        Assert.Equal("Rejected by carol@example.com: not during the freeze", call.Cause);
        Assert.Equal(ApprovalStatus.Rejected, Assert.Single(gate.Notifier.Decided).Outcome);
    }

    [Fact]
    public async Task Every_vote_and_the_decision_are_audited_with_source_and_user_agent()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();

        await gate.VoteAsync(requested, "bob@example.com", comment: "looks right");
        await gate.VoteAsync(requested, "carol@example.com");

        var actions = gate.Audit.Entries.Select(e => e.Action).ToList();
        Assert.Equal([AuditAction.Requested, AuditAction.Voted, AuditAction.Voted, AuditAction.Approved], actions);
        var bobs = gate.Audit.Entries[1];
        Assert.Equal(("bob@example.com", ApprovalDecision.Approve, "looks right", "203.0.113.7", "Mozilla/5.0 test"),
            (bobs.Approver, bobs.Decision!.Value, bobs.Comment, bobs.SourceIp, bobs.UserAgent));
    }

    [Fact]
    public async Task Replaying_a_used_link_counts_nothing_more()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();
        await gate.VoteAsync(requested, "bob@example.com");

        var replay = await gate.VoteAsync(requested, "bob@example.com");

        Assert.Equal(VoteOutcomeStatus.AlreadyVoted, replay.Status);
        Assert.Single((await gate.Store.GetAsync("run-1-prod", default))!.Votes);
    }

    [Fact]
    public async Task Concurrent_double_submits_count_once()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => gate.VoteAsync(requested, "bob@example.com"))));

        Assert.Single(outcomes, o => o.Status == VoteOutcomeStatus.Recorded);
        Assert.All(outcomes.Where(o => o.Status != VoteOutcomeStatus.Recorded), o => Assert.Equal(VoteOutcomeStatus.AlreadyVoted, o.Status));
        Assert.Single((await gate.Store.GetAsync("run-1-prod", default))!.Votes);
    }

    [Fact]
    public async Task Two_approvers_completing_the_quorum_at_once_send_one_callback()
    {
        var gate = new GateFixture(quorum: 1);
        var requested = await gate.RequestAsync();

        await Task.WhenAll(Task.Run(() => gate.VoteAsync(requested, "bob@example.com")), Task.Run(() => gate.VoteAsync(requested, "carol@example.com")));

        Assert.Single(gate.Callback.Calls);
    }

    [Fact]
    public async Task Vote_after_the_decision_is_refused_and_sends_nothing()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();
        await gate.VoteAsync(requested, "carol@example.com", ApprovalDecision.Reject);

        var late = await gate.VoteAsync(requested, "bob@example.com");

        Assert.Equal(VoteOutcomeStatus.AlreadyDecided, late.Status);
        Assert.Single(gate.Callback.Calls);
        Assert.Contains(gate.Audit.Entries, e => e.Action == AuditAction.VoteRefused && e.Detail == "AlreadyDecided");
    }

    [Fact]
    public async Task Author_cannot_approve_their_own_bundle()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();

        var outcome = await gate.VoteAsync(requested, "alice@example.com");

        Assert.Equal(VoteOutcomeStatus.SelfApproval, outcome.Status);
        Assert.Empty((await gate.Store.GetAsync("run-1-prod", default))!.Votes);
        Assert.Equal(ViewStatus.SelfApproval, (await gate.Voting.ViewAsync(gate.LinkOf(requested, "alice@example.com"), default)).Status);
    }

    [Fact]
    public async Task Vote_after_expiry_is_refused()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();
        gate.Clock.Advance(TimeSpan.FromHours(24));

        Assert.Equal(VoteOutcomeStatus.Expired, (await gate.VoteAsync(requested, "bob@example.com")).Status);
        Assert.Equal(ViewStatus.Expired, (await gate.Voting.ViewAsync(gate.LinkOf(requested, "bob@example.com"), default)).Status);
    }

    [Fact]
    public async Task Vote_without_the_page_nonce_is_refused()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();

        var outcome = await gate.Voting.SubmitAsync(new VoteSubmission(gate.LinkOf(requested, "bob@example.com"), null, ApprovalDecision.Approve, null, "ip", "ua"), default);

        Assert.Equal(VoteOutcomeStatus.InvalidFormNonce, outcome.Status);
        Assert.Empty((await gate.Store.GetAsync("run-1-prod", default))!.Votes);
    }

    [Fact]
    public async Task Tampered_link_is_refused_without_touching_the_record()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();
        var forged = gate.LinkOf(requested, "bob@example.com") with { Approver = "carol@example.com" };

        var outcome = await gate.Voting.SubmitAsync(new VoteSubmission(forged, null, ApprovalDecision.Approve, null, "ip", "ua"), default);

        Assert.Equal(VoteOutcomeStatus.InvalidLink, outcome.Status);
        Assert.Empty((await gate.Store.GetAsync("run-1-prod", default))!.Votes);
    }

    [Fact]
    public async Task Failed_callback_is_retried_by_a_later_submit_and_delivered_once()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();
        gate.Callback.FailuresToSimulate = 1;
        await gate.VoteAsync(requested, "bob@example.com");

        Assert.Equal(VoteOutcomeStatus.CallbackFailed, (await gate.VoteAsync(requested, "carol@example.com")).Status);
        gate.Clock.Advance(ApprovalVoting.RedeliveryGrace);
        Assert.Equal(VoteOutcomeStatus.Approved, (await gate.VoteAsync(requested, "carol@example.com")).Status);
        Assert.Equal(VoteOutcomeStatus.AlreadyVoted, (await gate.VoteAsync(requested, "carol@example.com")).Status);

        Assert.Single(gate.Callback.Calls);
    }

    [Fact]
    public async Task Submit_while_the_deciding_request_may_still_be_delivering_does_not_send_again()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();
        gate.Callback.FailuresToSimulate = 1;
        await gate.VoteAsync(requested, "bob@example.com");
        await gate.VoteAsync(requested, "carol@example.com");
        gate.Clock.Advance(ApprovalVoting.RedeliveryGrace - TimeSpan.FromSeconds(1));

        Assert.Equal(VoteOutcomeStatus.AlreadyVoted, (await gate.VoteAsync(requested, "carol@example.com")).Status);
        Assert.Empty(gate.Callback.Calls);
    }

    [Fact]
    public async Task Log_lines_never_carry_the_task_token_or_a_signature()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();
        await gate.VoteAsync(requested, "alice@example.com");
        await gate.VoteAsync(requested, "bob@example.com");
        gate.Callback.FailuresToSimulate = 1;
        await gate.VoteAsync(requested, "carol@example.com", ApprovalDecision.Reject, "no");

        var text = string.Join("\n", gate.Log.Entries.Select(e => e.ToString()));
        Assert.NotEmpty(gate.Log.Entries);
        Assert.DoesNotContain(GateFixture.TaskToken, text);
        Assert.All(requested.Links, l => Assert.DoesNotContain(gate.LinkOf(requested, l.Approver).Signature!, text));
    }
}

public class ApprovalExpiryTests
{
    [Fact]
    public async Task Expiring_a_pending_approval_marks_it_expired_and_emits_the_event()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();
        await gate.VoteAsync(requested, "bob@example.com");
        gate.Clock.Advance(TimeSpan.FromHours(24));

        Assert.Equal(ExpiryOutcome.Expired, await gate.Expiry.ExpireAsync("run-1-prod", default));

        Assert.Equal(ApprovalStatus.Expired, (await gate.Store.GetAsync("run-1-prod", default))!.Status);
        var expired = Assert.Single(gate.Notifier.Expired);
        Assert.Equal(["bob@example.com"], expired.ApprovedBy);
        Assert.Contains(gate.Audit.Entries, e => e.Action == AuditAction.Expired);
        Assert.Empty(gate.Callback.Calls);
    }

    [Fact]
    public async Task Expiry_after_a_decision_changes_nothing()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();
        await gate.VoteAsync(requested, "carol@example.com", ApprovalDecision.Reject);

        Assert.Equal(ExpiryOutcome.AlreadyDecided, await gate.Expiry.ExpireAsync("run-1-prod", default));
        Assert.Equal(ApprovalStatus.Rejected, (await gate.Store.GetAsync("run-1-prod", default))!.Status);
    }

    [Fact]
    public async Task Late_click_after_expiry_shows_the_approval_as_decided()
    {
        var gate = new GateFixture();
        var requested = await gate.RequestAsync();
        await gate.Expiry.ExpireAsync("run-1-prod", default);

        Assert.Equal(VoteOutcomeStatus.AlreadyDecided, (await gate.VoteAsync(requested, "bob@example.com")).Status);
        Assert.Empty(gate.Callback.Calls);
    }

    [Fact]
    public async Task Expiring_an_unknown_approval_reports_not_found()
    {
        Assert.Equal(ExpiryOutcome.NotFound, await new GateFixture().Expiry.ExpireAsync("nope", default));
    }
}
