using SmusServerless.Core.Approvals;

namespace SmusServerless.Core.Tests.Approvals;

public class ApprovalDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Approvers = ["alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com"];

    internal static ApprovalRequest Request(string author = "Alice Author <alice@example.com>", int quorum = 2, IReadOnlyList<string>? approvers = null) =>
        new("run-1-prod", "sales-pipeline", "sales", "1.4.0", "abc123", author, "prod", "PROD", FileChangeSummary.Empty, [],
            approvers ?? Approvers, quorum, Now, Now.AddHours(24));

    private static ApprovalVote Vote(string approver, ApprovalDecision decision = ApprovalDecision.Approve, string? comment = null) =>
        new(approver, decision, comment, Now, "127.0.0.1", "test");

    private static ApprovalRecord Record(params ApprovalVote[] votes) => new(Request(), [1, 2, 3], votes, null);

    [Fact]
    public void Quorum_of_distinct_approvals_approves()
    {
        var tally = ApprovalDecider.Tally(Request(), [Vote("bob@example.com"), Vote("carol@example.com")]);

        Assert.Equal(ApprovalStatus.Approved, tally.Outcome);
        Assert.Equal(["bob@example.com", "carol@example.com"], tally.Approvals);
    }

    [Fact]
    public void One_approval_short_of_quorum_stays_pending()
    {
        Assert.Equal(ApprovalStatus.Pending, ApprovalDecider.Tally(Request(), [Vote("bob@example.com")]).Outcome);
    }

    [Fact]
    public void Same_approver_twice_counts_once_whatever_the_letter_case()
    {
        Assert.Equal(ApprovalStatus.Pending, ApprovalDecider.Tally(Request(), [Vote("bob@example.com"), Vote("BOB@example.com")]).Outcome);
    }

    [Fact]
    public void First_reject_rejects_even_after_an_approval()
    {
        var tally = ApprovalDecider.Tally(Request(), [Vote("bob@example.com"), Vote("carol@example.com", ApprovalDecision.Reject, "schema change not reviewed")]);

        Assert.Equal(ApprovalStatus.Rejected, tally.Outcome);
        Assert.Equal("Rejected by carol@example.com: schema change not reviewed", tally.Cause(Request()));
    }

    [Fact]
    public void Rejection_without_comment_says_so()
    {
        var tally = ApprovalDecider.Tally(Request(), [Vote("carol@example.com", ApprovalDecision.Reject)]);

        Assert.Equal("Rejected by carol@example.com (no comment)", tally.Cause(Request()));
    }

    [Fact]
    public void Reject_after_the_quorum_was_reached_does_not_undo_the_approval()
    {
        var tally = ApprovalDecider.Tally(Request(), [Vote("bob@example.com"), Vote("carol@example.com"), Vote("dave@example.com", ApprovalDecision.Reject)]);

        Assert.Equal(ApprovalStatus.Approved, tally.Outcome);
    }

    [Fact]
    public void Author_vote_is_ignored_by_the_tally()
    {
        Assert.Equal(ApprovalStatus.Pending, ApprovalDecider.Tally(Request(), [Vote("alice@example.com"), Vote("bob@example.com")]).Outcome);
    }

    [Fact]
    public void Outsider_vote_is_ignored_by_the_tally()
    {
        Assert.Equal(ApprovalStatus.Pending, ApprovalDecider.Tally(Request(), [Vote("mallory@example.com"), Vote("bob@example.com")]).Outcome);
    }

    [Fact]
    public void Approver_of_the_request_who_has_not_voted_is_eligible()
    {
        Assert.Equal(VoteEligibility.Eligible, ApprovalDecider.CheckEligibility(Record(), "bob@example.com", Approvers, Now));
    }

    [Fact]
    public void Author_named_in_git_style_is_refused_as_self_approval()
    {
        Assert.Equal(VoteEligibility.SelfApproval, ApprovalDecider.CheckEligibility(Record(), "ALICE@example.com", Approvers, Now));
    }

    [Fact]
    public void Someone_outside_the_request_approver_set_is_not_an_approver()
    {
        Assert.Equal(VoteEligibility.NotAnApprover, ApprovalDecider.CheckEligibility(Record(), "mallory@example.com", [.. Approvers, "mallory@example.com"], Now));
    }

    [Fact]
    public void Approver_removed_from_the_stack_configuration_is_no_longer_an_approver()
    {
        Assert.Equal(VoteEligibility.NotAnApprover, ApprovalDecider.CheckEligibility(Record(), "bob@example.com", ["carol@example.com"], Now));
    }

    [Fact]
    public void Vote_at_the_expiry_instant_is_expired()
    {
        Assert.Equal(VoteEligibility.Expired, ApprovalDecider.CheckEligibility(Record(), "bob@example.com", Approvers, Now.AddHours(24)));
    }

    [Fact]
    public void Second_vote_of_an_approver_is_already_voted()
    {
        Assert.Equal(VoteEligibility.AlreadyVoted, ApprovalDecider.CheckEligibility(Record(Vote("bob@example.com")), "Bob@Example.com", Approvers, Now));
    }

    [Fact]
    public void Vote_on_a_decided_approval_is_already_decided()
    {
        var decided = Record() with { Resolution = new ApprovalResolution(ApprovalStatus.Rejected, Now, "Rejected by carol") };

        Assert.Equal(VoteEligibility.AlreadyDecided, ApprovalDecider.CheckEligibility(decided, "bob@example.com", Approvers, Now));
    }

    [Theory]
    [InlineData("alice@example.com", "alice@example.com", true)]
    [InlineData("alice@example.com", "Alice <ALICE@example.com>", true)]
    [InlineData("alice@example.com", "Alice <alice@example.org>", false)]
    [InlineData("alice@example.com", "alice", false)]
    public void Authorship_matches_the_whole_value_or_the_address_in_angle_brackets(string approver, string author, bool expected)
    {
        Assert.Equal(expected, ApproverIdentity.IsAuthor(approver, author));
    }
}

public class ApprovalPolicyTests
{
    [Fact]
    public void Quorum_defaults_to_two()
    {
        Assert.Equal(2, new ApprovalPolicy(["a@x.io", "b@x.io"]).Quorum);
    }

    [Fact]
    public void Quorum_above_the_number_of_approvers_is_refused()
    {
        var error = Assert.Throws<ApprovalConfigurationException>(() => new ApprovalPolicy(["a@x.io"], quorum: 2));
        Assert.Contains("quorum is 2", error.Message);
    }

    [Fact]
    public void Approver_listed_twice_is_refused()
    {
        var error = Assert.Throws<ApprovalConfigurationException>(() => new ApprovalPolicy(["a@x.io", "A@x.io"], quorum: 1));
        Assert.Contains("more than once", error.Message);
    }

    [Fact]
    public void Empty_approver_list_is_refused()
    {
        Assert.Throws<ApprovalConfigurationException>(() => new ApprovalPolicy([], quorum: 1));
    }

    [Fact]
    public void Approver_id_with_a_space_is_refused_naming_its_position()
    {
        var error = Assert.Throws<ApprovalConfigurationException>(() => new ApprovalPolicy(["a@x.io", "b c"], quorum: 1));
        Assert.Contains("approvers[1]", error.Message);
    }
}
