using SmusServerless.Application.Ports;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Functions.Approvals;

/// <summary>
/// The <c>lambda:invoke.waitForTaskToken</c> task of a gated target: turns the task input into a pending
/// approval under the stack's policy, stores it with the task token encrypted, and sends the links.
/// Failures are <see cref="ApprovalException"/>s whose <see cref="ApprovalException.ErrorName"/> names them.
/// </summary>
public sealed class ApprovalRequestHandler(ApprovalRequester requester, ApprovalGateOptions options) : IApprovalGate
{
    // Checked when the handler is built (function init), not on the first request.
    private readonly Uri _baseUrl = options.RequireBaseUrl();

    /// <summary>The task input as JSON names it, decoded into the one <see cref="ApprovalRequest"/>.</summary>
    public async Task<ApprovalRequestOutput> HandleAsync(ApprovalRequestInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = ApprovalRequest.Pending(
            input.ApprovalId ?? "",
            input.Pipeline ?? "",
            input.BundleName ?? "",
            input.BundleVersion ?? "",
            input.SourceCommit ?? "",
            input.Author ?? "",
            input.Target ?? "",
            input.Stage ?? "",
            new FileChangeSummary(
                Clean(input.Files?.Added, "files.added"),
                Clean(input.Files?.Changed, "files.changed"),
                Clean(input.Files?.Removed, "files.removed")),
            (input.PreviousTestResults ?? []).Select((r, i) => new TargetTestResult(
                Required(r.Target, $"previousTestResults[{i}].target"),
                Required(r.Outcome, $"previousTestResults[{i}].outcome"),
                r.Passed, r.Failed, r.Summary)).ToList(),
            input.ExecutionArn);
        return Output(await RequestAsync(request, input.TaskToken ?? "", cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Opens the approval under the stack's policy, with links to the stack's approval endpoint.</summary>
    public Task<ApprovalRequestedEvent> RequestAsync(ApprovalRequest request, string taskToken, CancellationToken cancellationToken) =>
        requester.RequestAsync(request, taskToken, options.Policy, _baseUrl, cancellationToken);

    /// <summary>What the task returns: no links and no token (the result goes into the execution history).</summary>
    public static ApprovalRequestOutput Output(ApprovalRequestedEvent requested) =>
        new(requested.Request.ApprovalId, requested.Request.ExpiresAt, requested.Request.Approvers, requested.Request.Quorum);

    private static IReadOnlyList<string> Clean(IReadOnlyList<string>? paths, string field)
    {
        if (paths is null)
            return [];
        for (var i = 0; i < paths.Count; i++)
        {
            if (string.IsNullOrEmpty(paths[i]))
                throw new ApprovalException(ApprovalErrorNames.InvalidRequest, $"{field}[{i}] is empty");
        }
        return paths;
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new ApprovalException(ApprovalErrorNames.InvalidRequest, $"{field} is missing or empty") : value;
}

/// <summary>
/// The timeout path's task: after the wait task failed with States.Timeout, mark the approval expired and emit
/// "Approval Expired"; the ASL then ends the run with a Fail state whose error is <c>Approval.Expired</c>.
/// </summary>
public sealed class ApprovalExpiryHandler(ApprovalExpiry expiry)
{
    public async Task<ApprovalExpiryOutput> HandleAsync(ApprovalExpiryInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outcome = await expiry.ExpireAsync(input.ApprovalId ?? "", cancellationToken).ConfigureAwait(false);
        return new ApprovalExpiryOutput(input.ApprovalId!, outcome.ToString(), ApprovalErrorNames.Expired);
    }
}
