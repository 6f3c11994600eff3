using SmusServerless.Core.Approvals;

namespace SmusServerless.Core.Tests.Approvals;

/// <summary>The core gate services wired to in-memory fakes, with a manual clock.</summary>
internal sealed class GateFixture
{
    public const string TaskToken = "AQCEAAAAKgAAAAMAAAAAAAAAAR+token/with+slashes==";
    public static readonly Uri BaseUrl = new("https://approvals.example.com");
    public static readonly string[] Approvers = ["alice@example.com", "bob@example.com", "carol@example.com"];

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    public InMemoryApprovalStore Store { get; } = new();
    public HmacMacService Mac { get; } = new("fixture-key");
    public ReversibleTokenVault Vault { get; } = new();
    public RecordingTaskCallback Callback { get; } = new();
    public RecordingAuditLog Audit { get; } = new();
    public RecordingNotifier Notifier { get; } = new();
    public RecordingLog Log { get; } = new();
    public ApprovalPolicy Policy { get; }
    public ApprovalLinkSigner Signer { get; }
    public ApprovalRequester Requester { get; }
    public ApprovalVoting Voting { get; }
    public ApprovalExpiry Expiry { get; }
    public ApprovalCancellation Cancellation { get; }

    public GateFixture(int quorum = 2)
    {
        Policy = new ApprovalPolicy(Approvers, quorum, TimeSpan.FromHours(24));
        Signer = new ApprovalLinkSigner(Mac);
        Requester = new ApprovalRequester(Store, Signer, Vault, Audit, Notifier, Log, Clock);
        Voting = new ApprovalVoting(Store, Signer, Vault, Callback, Audit, Notifier, Log, Clock, Approvers);
        Expiry = new ApprovalExpiry(Store, Audit, Notifier, Log, Clock);
        Cancellation = new ApprovalCancellation(Store, Audit, Log, Clock);
    }

    public static ApprovalRequest Pending(string approvalId = "run-1-prod", string author = "Alice <alice@example.com>") =>
        ApprovalRequest.Pending(approvalId, "sales-pipeline", "sales", "1.4.0", "abc123", author, "prod", "PROD",
            new FileChangeSummary(["storage/new.sql"], ["workflows/dag.py"], ["storage/old.sql"]),
            [new TargetTestResult("test", "Passed", 12, 0, "all green")]);

    public async Task<ApprovalRequestedEvent> RequestAsync(string approvalId = "run-1-prod") =>
        await Requester.RequestAsync(Pending(approvalId), TaskToken, Policy, BaseUrl, default);

    public ApprovalLinkCredentials LinkOf(ApprovalRequestedEvent requested, string approver) =>
        ApprovalLinkSignerTests.CredentialsOf(requested.Links.Single(l => l.Approver == approver).Url);

    public async Task<VoteOutcome> VoteAsync(ApprovalRequestedEvent requested, string approver, ApprovalDecision decision = ApprovalDecision.Approve, string? comment = null)
    {
        var credentials = LinkOf(requested, approver);
        var nonce = await Signer.CreateFormNonceAsync(new ApprovalLinkClaims(credentials.ApprovalId, approver, requested.Request.ExpiresAt), default);
        return await Voting.SubmitAsync(new VoteSubmission(credentials, nonce, decision, comment, "203.0.113.7", "Mozilla/5.0 test"), default);
    }
}
