using System.Text;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Core.Tests.Approvals;

public class ApprovalRequesterTests
{
    [Fact]
    public async Task Stores_the_task_token_only_in_encrypted_form()
    {
        var gate = new GateFixture();
        await gate.RequestAsync();

        var record = await gate.Store.GetAsync("run-1-prod", default);

        Assert.DoesNotContain(GateFixture.TaskToken, Encoding.UTF8.GetString(record!.EncryptedTaskToken));
        Assert.Equal(GateFixture.TaskToken, await gate.Vault.DecryptAsync("run-1-prod", record.EncryptedTaskToken, default));
    }

    [Fact]
    public async Task Takes_approvers_quorum_and_expiry_from_the_stack_policy()
    {
        var gate = new GateFixture();

        var requested = await gate.RequestAsync();

        Assert.Equal(GateFixture.Approvers, requested.Request.Approvers);
        Assert.Equal(2, requested.Request.Quorum);
        Assert.Equal(gate.Clock.Now.AddHours(24), requested.Request.ExpiresAt);
    }

    [Fact]
    public async Task Emits_approval_requested_with_one_valid_link_per_approver()
    {
        var gate = new GateFixture();

        var requested = await gate.RequestAsync();

        var emitted = Assert.Single(gate.Notifier.Requested);
        Assert.Equal(GateFixture.Approvers, emitted.Links.Select(l => l.Approver));
        foreach (var approver in GateFixture.Approvers)
            Assert.Equal(LinkCheck.Valid, (await gate.Signer.VerifyAsync(gate.LinkOf(requested, approver), gate.Clock.Now, default)).Check);
    }

    [Fact]
    public async Task Links_never_contain_the_task_token()
    {
        var gate = new GateFixture();

        var requested = await gate.RequestAsync();

        Assert.All(requested.Links, l => Assert.DoesNotContain(Uri.EscapeDataString(GateFixture.TaskToken), l.Url));
        Assert.All(requested.Links, l => Assert.DoesNotContain(GateFixture.TaskToken, l.Url));
    }

    [Fact]
    public async Task Audits_the_request()
    {
        var gate = new GateFixture();

        await gate.RequestAsync();

        var entry = Assert.Single(gate.Audit.Entries);
        Assert.Equal(AuditAction.Requested, entry.Action);
        Assert.Contains("quorum 2 of 3", entry.Detail);
    }

    [Fact]
    public async Task Refuses_a_request_whose_quorum_only_the_author_could_complete()
    {
        var gate = new GateFixture(quorum: 3);

        var error = await Assert.ThrowsAsync<ApprovalException>(() => gate.RequestAsync());

        Assert.Equal(ApprovalErrorNames.QuorumUnreachable, error.ErrorName);
        Assert.Null(await gate.Store.GetAsync("run-1-prod", default));
    }

    [Fact]
    public async Task Refuses_a_request_without_task_token_naming_the_context_path()
    {
        var gate = new GateFixture();

        var error = await Assert.ThrowsAsync<ApprovalException>(() => gate.Requester.RequestAsync(GateFixture.Pending(), "", gate.Policy, GateFixture.BaseUrl, default));

        Assert.Equal(ApprovalErrorNames.InvalidRequest, error.ErrorName);
        Assert.Contains("$$.Task.Token", error.Message);
    }

    [Fact]
    public async Task Refuses_an_approval_id_that_is_not_url_and_file_safe()
    {
        var gate = new GateFixture();

        var error = await Assert.ThrowsAsync<ApprovalException>(() =>
            gate.Requester.RequestAsync(GateFixture.Pending("../etc/passwd"), GateFixture.TaskToken, gate.Policy, GateFixture.BaseUrl, default));

        Assert.Contains("approvalId", error.Message);
    }

    [Fact]
    public async Task Repeated_request_with_the_same_token_notifies_again_without_a_second_record()
    {
        var gate = new GateFixture();
        var first = await gate.RequestAsync();
        gate.Clock.Advance(TimeSpan.FromMinutes(5));

        var second = await gate.RequestAsync();

        Assert.Equal(first.Request, second.Request);
        Assert.Equal(2, gate.Notifier.Requested.Count);
        Assert.Single(gate.Audit.Entries, e => e.Action == AuditAction.Requested);
    }

    [Fact]
    public async Task Same_approval_id_with_a_different_task_token_is_refused()
    {
        var gate = new GateFixture();
        await gate.RequestAsync();

        var error = await Assert.ThrowsAsync<ApprovalException>(() =>
            gate.Requester.RequestAsync(GateFixture.Pending(), "another-token", gate.Policy, GateFixture.BaseUrl, default));

        Assert.Contains("already used", error.Message);
    }
}
