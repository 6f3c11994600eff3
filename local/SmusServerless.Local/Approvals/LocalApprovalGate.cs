using SmusServerless.Core.Approvals;
using SmusServerless.Functions.Approvals;

namespace SmusServerless.Local.Approvals;

/// <summary>Offline settings: where state lives, the local approver policy, and the port to serve on (0 = any free port).</summary>
public sealed record LocalApprovalSettings(string StateDirectory, ApprovalPolicy Policy, int Port = 0);

/// <summary>
/// The whole approval gate offline: file-backed store and audit trail, local HMAC and token keys in the state
/// directory, and the endpoint served on 127.0.0.1. The caller supplies the Step Functions callback (the local
/// ASL engine) and the event sink; the gate's three handlers are the same code as in Lambda.
/// </summary>
public sealed class LocalApprovalGate : IAsyncDisposable
{
    public const string ApprovalsDirectoryName = "approvals";

    private LocalApprovalGate(ApprovalGate gate, LocalApprovalServer server, FileApprovalStore store, FileAuditLog audit)
    {
        Gate = gate;
        Server = server;
        Store = store;
        Audit = audit;
    }

    public ApprovalGate Gate { get; }
    public LocalApprovalServer Server { get; }
    public FileApprovalStore Store { get; }
    public FileAuditLog Audit { get; }
    public Uri BaseUrl => Server.BaseUrl;

    public static async Task<LocalApprovalGate> StartAsync(
        LocalApprovalSettings settings,
        ITaskCallback taskCallback,
        IApprovalNotifier notifier,
        IApprovalLog log,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(settings.StateDirectory);
        var audit = FileAuditLog.InStateDirectory(settings.StateDirectory);
        var store = new FileApprovalStore(Path.Combine(settings.StateDirectory, ApprovalsDirectoryName));
        var ports = new ApprovalGatePorts(
            store,
            LocalMacService.FromStateDirectory(settings.StateDirectory),
            LocalTaskTokenVault.FromStateDirectory(settings.StateDirectory),
            taskCallback,
            audit,
            notifier,
            log,
            time ?? TimeProvider.System);
        ApprovalGate? gate = null;
        var server = await LocalApprovalServer.StartAsync(baseUrl =>
        {
            gate = new ApprovalGate(ports, new ApprovalGateOptions(settings.Policy, baseUrl));
            return gate.Endpoint;
        }, settings.Port, cancellationToken).ConfigureAwait(false);
        return new LocalApprovalGate(gate!, server, store, audit);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
