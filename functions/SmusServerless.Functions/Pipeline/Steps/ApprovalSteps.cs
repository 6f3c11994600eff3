using System.Text.Json;
using SmusServerless.Core.Pipeline;
using SmusServerless.Functions.Approvals;

namespace SmusServerless.Functions.Pipeline.Steps;

/// <summary>The gate task's input from the state machine: the task token, and which run and target wait for approval.</summary>
public sealed record GateInput(string TaskToken, string ExecutionArn, RunContext Run, PlannedTarget Target);

/// <summary>The timeout path's input: which run and target timed out.</summary>
public sealed record GateTimeoutInput(string ExecutionArn, RunContext Run, PlannedTarget Target);

/// <summary>
/// Puts a gated target in front of the approval gate: says what is being approved (bundle, provenance, the files the
/// deploy would add, change and remove compared with the target's current deployment, and the test results of the
/// targets this run already deployed), and hands the task token to the gate, which keeps it server-side.
/// </summary>
public sealed class RequestApprovalStep(PipelineServices services, ApprovalRequestHandler gate)
{
    public async Task<ApprovalRequestOutput> RunAsync(GateInput input, CancellationToken cancellationToken)
    {
        var bundle = await services.OpenBundleAsync(input.Run.Bundle, cancellationToken).ConfigureAwait(false);
        var previous = await services.Records.ReadCurrentAsync(input.Run.PipelineName, input.Target.Name, cancellationToken).ConfigureAwait(false);
        var before = previous?.Files.ToDictionary(f => f.BundlePath, f => f.Sha256) ?? [];
        var now = bundle.Descriptor.Files.Where(f => f.Path.StartsWith(DeploymentLayout.StorageArea + "/", StringComparison.Ordinal)
                                                      || f.Path.StartsWith(DeploymentLayout.WorkflowsArea + "/", StringComparison.Ordinal))
            .ToDictionary(f => f.Path, f => f.Sha256);

        var earlier = new List<TestResultInput>();
        foreach (var target in bundle.Manifest.DeploymentTargets.TakeWhile(t => t.Name != input.Target.Name))
        {
            var record = await services.Records.ReadCurrentAsync(input.Run.PipelineName, target.Name, cancellationToken).ConfigureAwait(false);
            if (record?.RunId != input.Run.RunId) continue;
            earlier.Add(record.Tests is { } tests
                ? new TestResultInput { Target = target.Name, Outcome = tests.Succeeded ? "passed" : "failed", Passed = tests.Passed, Failed = tests.Failed + tests.Errors }
                : new TestResultInput { Target = target.Name, Outcome = "deployed, no tests", Summary = $"{record.Files.Count} files deployed" });
        }

        return await gate.HandleAsync(new ApprovalRequestInput
        {
            ApprovalId = ApprovalIds.For(input.Run, input.Target),
            TaskToken = input.TaskToken,
            Pipeline = input.Run.PipelineName,
            BundleName = input.Run.BundleName,
            BundleVersion = input.Run.BundleVersion,
            SourceCommit = input.Run.SourceCommit,
            Author = input.Run.SourceAuthor,
            Target = input.Target.Name,
            Stage = input.Target.Stage,
            Files = new FileChangesInput
            {
                Added = [.. now.Keys.Where(p => !before.ContainsKey(p)).Order(StringComparer.Ordinal)],
                Changed = [.. now.Where(p => before.TryGetValue(p.Key, out var sha) && sha != p.Value).Select(p => p.Key).Order(StringComparer.Ordinal)],
                Removed = [.. before.Keys.Where(p => !now.ContainsKey(p)).Order(StringComparer.Ordinal)],
            },
            PreviousTestResults = earlier,
        }, cancellationToken).ConfigureAwait(false);
    }

}

/// <summary>Marks a timed-out approval expired (the gate emits "Approval Expired"); the state machine then fails with Approval.Expired.</summary>
public sealed class ExpireApprovalStep(ApprovalExpiryHandler gate)
{
    public Task<ApprovalExpiryOutput> RunAsync(GateTimeoutInput input, CancellationToken cancellationToken) =>
        gate.HandleAsync(new ApprovalExpiryInput { ApprovalId = ApprovalIds.For(input.Run, input.Target) }, cancellationToken);
}

/// <summary>One approval per run and target, with an id the gate accepts ([A-Za-z0-9._-], at most 128).</summary>
public static class ApprovalIds
{
    public static string For(RunContext run, PlannedTarget target)
    {
        var raw = $"{run.RunId}.{target.Name}";
        var safe = new string(raw.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray());
        return safe.Length <= 128 ? safe : safe[..96] + "." + IdempotencyTokens.For(raw);
    }
}
