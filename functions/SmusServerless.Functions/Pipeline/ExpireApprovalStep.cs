using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Functions.Approvals;

namespace SmusServerless.Functions.Pipeline;

/// <summary>Marks a timed-out approval expired (the gate emits "Approval Expired"); the state machine then fails with Approval.Expired.</summary>
public sealed class ExpireApprovalStep(ApprovalExpiryHandler gate)
{
    public Task<ApprovalExpiryOutput> RunAsync(GateTimeoutInput input, CancellationToken cancellationToken) =>
        gate.HandleAsync(new ApprovalExpiryInput { ApprovalId = ApprovalIds.For(input.Run, input.Target) }, cancellationToken);
}
