using SmusServerless.Core.Approvals;

namespace SmusServerless.Functions.Tests.Approvals;

/// <summary>A store whose reads fail, to see what the endpoint shows when an adapter breaks.</summary>
public sealed class BrokenApprovalStore : IApprovalStore
{
    private static Exception Failure() => new InvalidOperationException("disk on fire at /var/secret/path; token=SECRET-IN-EXCEPTION");
    public Task<bool> TryCreateAsync(ApprovalRecord record, CancellationToken cancellationToken) => throw Failure();
    public Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken) => throw Failure();
    public Task<VoteAppendResult> AppendVoteAsync(string approvalId, ApprovalVote vote, CancellationToken cancellationToken) => throw Failure();
    public Task<bool> TryResolveAsync(string approvalId, ApprovalResolution resolution, CancellationToken cancellationToken) => throw Failure();
    public Task MarkCallbackDeliveredAsync(string approvalId, CancellationToken cancellationToken) => throw Failure();
}
