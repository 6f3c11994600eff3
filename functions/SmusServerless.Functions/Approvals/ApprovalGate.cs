using SmusServerless.Core.Approvals;

namespace SmusServerless.Functions.Approvals;

/// <summary>The adapters the gate runs on: AWS services in Lambda, local files and keys offline.</summary>
public sealed record ApprovalGatePorts(
    IApprovalStore Store,
    IMacService Mac,
    ITaskTokenVault TokenVault,
    ITaskCallback TaskCallback,
    IAuditLog Audit,
    IApprovalNotifier Notifier,
    IApprovalLog Log,
    TimeProvider Time);

/// <summary>
/// Composes the gate's three entry points from one set of ports and the stack's options, so Lambda and the
/// local stack run the same code: the request task, the Function URL endpoint and the timeout task.
/// </summary>
public sealed class ApprovalGate
{
    public ApprovalGate(ApprovalGatePorts ports, ApprovalGateOptions options, ApprovalEndpointLimits? limits = null)
    {
        var signer = new ApprovalLinkSigner(ports.Mac);
        // Every record the gate creates or loads sets the invocation's log keys (the execution ARN as correlation id).
        ports = ports with { Store = new LogKeyedApprovalStore(ports.Store) };
        Options = options;
        // Built on first use: only a gate with a base URL can issue links, and the endpoint function has none.
        _requestHandler = new Lazy<ApprovalRequestHandler>(() => new ApprovalRequestHandler(
            new ApprovalRequester(ports.Store, signer, ports.TokenVault, ports.Audit, ports.Notifier, ports.Log, ports.Time), options));
        Endpoint = new ApprovalEndpoint(
            new ApprovalVoting(ports.Store, signer, ports.TokenVault, ports.TaskCallback, ports.Audit, ports.Notifier, ports.Log, ports.Time, options.Policy.Approvers),
            ports.Log, limits ?? ApprovalEndpointLimits.Default);
        ExpiryHandler = new ApprovalExpiryHandler(new ApprovalExpiry(ports.Store, ports.Audit, ports.Notifier, ports.Log, ports.Time));
    }

    private readonly Lazy<ApprovalRequestHandler> _requestHandler;

    public ApprovalGateOptions Options { get; }

    /// <summary>The request task; throws <see cref="ApprovalConfigurationException"/> when the options have no base URL.</summary>
    public ApprovalRequestHandler RequestHandler => _requestHandler.Value;
    public ApprovalEndpoint Endpoint { get; }
    public ApprovalExpiryHandler ExpiryHandler { get; }
}
