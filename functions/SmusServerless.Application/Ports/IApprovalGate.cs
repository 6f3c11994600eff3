using SmusServerless.Core.Approvals;

namespace SmusServerless.Application.Ports;

/// <summary>
/// The approval gate as the pipeline sees it: open an approval for a request, holding the task token until a
/// decision. The gate adds approvers, quorum and expiry from the stack's policy.
/// </summary>
public interface IApprovalGate
{
    Task<ApprovalRequestedEvent> RequestAsync(ApprovalRequest request, string taskToken, CancellationToken cancellationToken);
}
