using SmusServerless.Runtime.Logging;

namespace SmusServerless.Functions.Hosting;

/// <summary>
/// The one table of where the functions' inputs (and outputs) hold what joins their log lines: the runtime sets these
/// on every line of an invocation (<see cref="InvocationLogKeys"/>), so handlers do not. The state machine passes
/// <c>executionArn</c> (<c>$$.Execution.Id</c>) to every task; the start function's output names the execution it
/// started; the approval endpoint's come from the approval record (<see cref="Approvals.ApprovalLogKeys"/>).
/// A Logs Insights query on <c>correlation_id</c> then shows one run across all functions (README.md).
/// </summary>
public static class PipelineLogKeys
{
    public const string Pipeline = "pipeline";
    public const string Target = "target";
    public const string Stage = "stage";
    public const string BundleVersion = "bundle_version";

    /// <summary>Every key a function's lines may carry besides <c>correlation_id</c>, in the order they are written.</summary>
    public static readonly IReadOnlyList<string> Keys = [Pipeline, Target, Stage, BundleVersion, Approvals.ApprovalLogKeys.ApprovalId];

    /// <summary>
    /// The task inputs' shapes (PipelineContracts, GateInput): <c>run</c> and <c>target</c> at the top, or inside
    /// <c>state</c> for report-failure; resolve's output is the plan, whose <c>run</c> names the pipeline.
    /// </summary>
    public static InvocationLogKeys Tasks() => new InvocationLogKeys()
        .CorrelationIdFrom("/executionArn")
        .Key(Pipeline, "/run/pipelineName", "/state/run/pipelineName")
        .Key(Target, "/target/name", "/state/target/name")
        .Key(Stage, "/target/stage", "/state/target/stage")
        .Key(BundleVersion, "/run/bundleVersion", "/state/run/bundleVersion")
        .Key(Approvals.ApprovalLogKeys.ApprovalId, "/approvalId");
}
