using System.Runtime.CompilerServices;
using SmusServerless.Functions.Pipeline;
using SmusServerless.Runtime;

namespace SmusServerless.Functions.Approvals;

/// <summary>
/// The gate's Lambda functions under their template.yaml handler names: the state machine's <c>request-approval</c> and
/// <c>expire-approval</c> tasks and the Function URL's <c>approval-endpoint</c>. The gate (and the pipeline adapters
/// the request task reads the bundle and the target with) is composed once per container, however many handlers ask for it.
/// </summary>
public static class ApprovalFunctions
{
    public const string RequestApproval = "request-approval";
    public const string ExpireApproval = "expire-approval";
    public const string ApprovalEndpoint = "approval-endpoint";

    public static readonly IReadOnlyList<string> Names = [RequestApproval, ExpireApproval, ApprovalEndpoint];

    public static void Register(HandlerRegistry registry, Func<RuntimeServices, PipelineAdapters> adapters, Func<RuntimeServices, ApprovalGate> gate)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var pipeline = new PerContainer<PipelineAdapters>(adapters);
        var gates = new PerContainer<ApprovalGate>(gate);
        PipelineFunctions.RegisterApprovalSteps(registry, runtime => (pipeline.Get(runtime), gates.Get(runtime)));
        registry.Add(ApprovalEndpoint, runtime => new ApprovalEndpointHandler(gates.Get(runtime).Endpoint));
    }

    /// <summary>One value per runtime (a Lambda sandbox, or an in-process host), built on first use.</summary>
    private sealed class PerContainer<T>(Func<RuntimeServices, T> build) where T : class
    {
        private readonly ConditionalWeakTable<RuntimeServices, Slot> _values = new();

        public T Get(RuntimeServices runtime)
        {
            var slot = _values.GetValue(runtime, static _ => new Slot());
            lock (slot)
                return slot.Value ??= build(runtime);
        }

        private sealed class Slot
        {
            public T? Value;
        }
    }
}
