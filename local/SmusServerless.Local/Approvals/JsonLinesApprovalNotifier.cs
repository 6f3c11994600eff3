using SmusServerless.Core.Approvals;
using SmusServerless.Functions.Approvals;

namespace SmusServerless.Local.Approvals;

/// <summary>
/// The offline event stream: each lifecycle event as one EventBridge-shaped JSON line (what `run --json` prints),
/// and an optional callback for hosts that show links to a person (what `run` prints).
/// </summary>
public sealed class JsonLinesApprovalNotifier(TextWriter output, Action<ApprovalEventEnvelope, ApprovalRequestedEvent?>? onEvent = null) : IApprovalNotifier
{
    private readonly Lock _gate = new();

    public Task ApprovalRequestedAsync(ApprovalRequestedEvent requested, CancellationToken cancellationToken) =>
        Emit(ApprovalEventEnvelope.For(requested), requested);

    public Task ApprovalDecidedAsync(ApprovalDecidedEvent decided, CancellationToken cancellationToken) =>
        Emit(ApprovalEventEnvelope.For(decided), null);

    public Task ApprovalExpiredAsync(ApprovalExpiredEvent expired, CancellationToken cancellationToken) =>
        Emit(ApprovalEventEnvelope.For(expired), null);

    private Task Emit(ApprovalEventEnvelope envelope, ApprovalRequestedEvent? requested)
    {
        lock (_gate)
            output.WriteLine(envelope.ToJsonLine());
        onEvent?.Invoke(envelope, requested);
        return Task.CompletedTask;
    }
}
