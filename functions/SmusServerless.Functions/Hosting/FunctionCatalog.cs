using SmusServerless.Functions.Approvals;
using SmusServerless.Functions.Pipeline;
using SmusServerless.Runtime;

namespace SmusServerless.Functions.Hosting;

/// <summary>
/// The composition root of every Lambda function in the bootstrap: each feature registers its handler under
/// the name template.yaml gives as the function's <c>Handler</c> (<c>_HANDLER</c>), building it from the
/// runtime's services by constructor injection, e.g.
/// <code>registry.Add("resolve", services => new ResolveHandler(new S3ObjectStore(...), services.LoggerFactory.CreateLogger&lt;ResolveHandler&gt;()));</code>
/// A name that is not registered here makes the bootstrap report an init error (Runtime.UnknownHandler).
/// </summary>
public static class FunctionCatalog
{
    public static void Register(HandlerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        PipelineFunctions.Register(registry, PipelineFunctions.ForAws);
        ApprovalFunctions.Register(registry, PipelineFunctions.ForAws, AwsApprovalGate.Compose);
    }
}
