using SmusServerless.Core.Approvals;

namespace SmusServerless.Functions.Tests.Approvals;

/// <summary>
/// What every <see cref="IApprovalStore"/> must do, run against each adapter: the file store offline and the S3 store
/// (over the file-backed object store, and over s3rver through AWSSDK.S3). <see cref="OpenStore"/> returns a new
/// instance over the same storage each time, as separate processes or Lambda containers would have.
/// </summary>
public abstract class ApprovalStoreContract
{
    protected abstract IApprovalStore OpenStore();

    /// <summary>An approval id unique to the test, so stores that share storage across tests do not collide.</summary>
    protected string Id { get; } = "a-" + Guid.NewGuid().ToString("N")[..12];

    protected ApprovalRecord NewRecord() => ApprovalRecord.Open(
        new ApprovalRequest(Id, "p", "b", "1", "c", "author@x.io", "prod", "PROD",
            new FileChangeSummary(["storage/new.sql"], ["workflows/dag.py"], []),
            [new TargetTestResult("test", "passed", 3, 0, "3 passed")],
            ["u1@x.io", "u2@x.io"], 2, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)), [1, 2, 3]);

    protected static ApprovalVote Vote(string approver, ApprovalDecision decision = ApprovalDecision.Approve) =>
        new(approver, decision, "looks good", DateTimeOffset.UnixEpoch.AddMinutes(5), "198.51.100.7", "Mozilla/5.0");

    protected static ApprovalResolution Resolution(ApprovalStatus outcome = ApprovalStatus.Approved, string cause = "approved") =>
        new(outcome, DateTimeOffset.UnixEpoch.AddMinutes(6), cause);

    [Fact]
    public async Task Record_round_trips_with_its_request_votes_and_ciphertext()
    {
        var store = OpenStore();
        await store.TryCreateAsync(NewRecord(), default);
        await store.AppendVoteAsync(Id, Vote("u1@x.io"), default);

        var read = (await OpenStore().GetAsync(Id, default))!;

        Assert.Equal((Id, "author@x.io", 2, DateTimeOffset.UnixEpoch.AddDays(1)), (read.ApprovalId, read.Request.Author, read.Request.Quorum, read.Request.ExpiresAt));
        Assert.Equal(["u1@x.io", "u2@x.io"], read.Request.Approvers);
        Assert.Equal(["storage/new.sql"], read.Request.Files.Added);
        Assert.Equal("3 passed", Assert.Single(read.Request.PreviousTestResults).Summary);
        Assert.Equal(new byte[] { 1, 2, 3 }, read.EncryptedTaskToken);
        Assert.Equal(Vote("u1@x.io"), Assert.Single(read.Votes));
        Assert.Equal(ApprovalStatus.Pending, read.Status);
    }

    [Fact]
    public async Task Creating_an_existing_record_changes_nothing()
    {
        var store = OpenStore();
        Assert.True(await store.TryCreateAsync(NewRecord(), default));
        await store.AppendVoteAsync(Id, Vote("u1@x.io"), default);

        Assert.False(await OpenStore().TryCreateAsync(NewRecord(), default));
        Assert.Single((await store.GetAsync(Id, default))!.Votes);
    }

    [Fact]
    public async Task Unknown_record_reads_as_absent_and_takes_no_vote_or_decision()
    {
        var store = OpenStore();

        Assert.Null(await store.GetAsync(Id, default));
        Assert.Equal(VoteAppendStatus.NotFound, (await store.AppendVoteAsync(Id, Vote("u1@x.io"), default)).Status);
        Assert.False(await store.TryResolveAsync(Id, Resolution(), default));
    }

    [Fact]
    public async Task Second_vote_of_an_approver_is_refused_whatever_the_case_of_the_address()
    {
        var store = OpenStore();
        await store.TryCreateAsync(NewRecord(), default);
        await store.AppendVoteAsync(Id, Vote("u1@x.io"), default);

        var second = await store.AppendVoteAsync(Id, Vote("U1@X.IO", ApprovalDecision.Reject), default);

        Assert.Equal(VoteAppendStatus.AlreadyVoted, second.Status);
        Assert.Equal(ApprovalDecision.Approve, Assert.Single((await store.GetAsync(Id, default))!.Votes).Decision);
    }

    [Fact]
    public async Task Appended_vote_comes_back_with_the_record_as_it_now_stands()
    {
        var store = OpenStore();
        await store.TryCreateAsync(NewRecord(), default);
        await store.AppendVoteAsync(Id, Vote("u1@x.io"), default);

        var result = await store.AppendVoteAsync(Id, Vote("u2@x.io"), default);

        Assert.Equal(VoteAppendStatus.Appended, result.Status);
        Assert.Equal(["u1@x.io", "u2@x.io"], result.Record!.Votes.Select(v => v.Approver));
    }

    [Fact]
    public async Task Vote_on_a_resolved_record_is_not_appended()
    {
        var store = OpenStore();
        await store.TryCreateAsync(NewRecord(), default);
        await store.TryResolveAsync(Id, Resolution(ApprovalStatus.Expired, "timeout"), default);

        var result = await store.AppendVoteAsync(Id, Vote("u1@x.io"), default);

        Assert.Equal(VoteAppendStatus.NotPending, result.Status);
        Assert.Empty((await store.GetAsync(Id, default))!.Votes);
    }

    [Fact]
    public async Task A_decided_record_cannot_be_decided_again()
    {
        var store = OpenStore();
        await store.TryCreateAsync(NewRecord(), default);
        Assert.True(await store.TryResolveAsync(Id, Resolution(ApprovalStatus.Rejected, "rejected by u1"), default));

        Assert.False(await OpenStore().TryResolveAsync(Id, Resolution(ApprovalStatus.Expired, "timeout"), default));
        var read = (await store.GetAsync(Id, default))!;
        Assert.Equal((ApprovalStatus.Rejected, "rejected by u1", false), (read.Status, read.Resolution!.Cause, read.Resolution.CallbackDelivered));
    }

    [Fact]
    public async Task Marking_the_callback_delivered_keeps_the_decision()
    {
        var store = OpenStore();
        await store.TryCreateAsync(NewRecord(), default);
        await store.TryResolveAsync(Id, Resolution(), default);

        await store.MarkCallbackDeliveredAsync(Id, default);
        await store.MarkCallbackDeliveredAsync(Id, default);

        var read = (await store.GetAsync(Id, default))!;
        Assert.Equal((ApprovalStatus.Approved, "approved", true), (read.Status, read.Resolution!.Cause, read.Resolution.CallbackDelivered));
    }

    [Fact]
    public async Task Marking_delivery_of_an_undecided_approval_is_an_error()
    {
        var store = OpenStore();
        await store.TryCreateAsync(NewRecord(), default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.MarkCallbackDeliveredAsync(Id, default));
    }
}

/// <summary>
/// The contract plus concurrent writers through separate store instances. s3rver is left out: its object writes are not
/// atomic, so a GET racing a PUT can see a half-written object (an emulator limit; S3 itself is strongly consistent).
/// </summary>
public abstract class ConcurrentApprovalStoreContract : ApprovalStoreContract
{
    [Fact]
    public async Task Concurrent_votes_through_separate_store_instances_are_each_counted_once()
    {
        await OpenStore().TryCreateAsync(NewRecord(), default);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => OpenStore().AppendVoteAsync(Id, Vote(i % 2 == 0 ? "u1@x.io" : "u2@x.io"), default))));

        Assert.Equal(2, results.Count(r => r.Status == VoteAppendStatus.Appended));
        Assert.Equal(10, results.Count(r => r.Status == VoteAppendStatus.AlreadyVoted));
        Assert.Equal(2, (await OpenStore().GetAsync(Id, default))!.Votes.Count);
    }

    [Fact]
    public async Task Only_one_of_concurrent_resolutions_wins()
    {
        await OpenStore().TryCreateAsync(NewRecord(), default);

        var wins = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            OpenStore().TryResolveAsync(Id, Resolution(i % 2 == 0 ? ApprovalStatus.Approved : ApprovalStatus.Expired, $"r{i}"), default))));

        var winner = Assert.Single(wins.Select((won, i) => (won, i)), w => w.won).i;
        Assert.Equal($"r{winner}", (await OpenStore().GetAsync(Id, default))!.Resolution!.Cause);
    }
}
