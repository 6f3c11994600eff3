using System.Text.Json;
using SmusServerless.Application.Ports;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.Application.Pipeline.Steps;

/// <summary>
/// The end of every failure path: names the error (unwrapping a Lambda error's JSON cause into its message), emits
/// "Deployment Failed", and hands {error, cause} back for the Fail state.
/// </summary>
public sealed class ReportFailureStep(ITargetLocks locks, ILifecycleEvents events)
{
    /// <summary>Step Functions keeps causes up to 32,768 characters; events and e-mails want them shorter.</summary>
    public const int MaxCauseLength = 4000;

    public async Task<FailureReport> RunAsync(ReportFailureInput input, CancellationToken cancellationToken)
    {
        var state = input.State;
        var failure = state.TryGetProperty("failure", out var f) && f.ValueKind == JsonValueKind.Object
            ? f.Deserialize(PipelineJsonContext.Default.TaskFailure)
            : null;
        var error = string.IsNullOrWhiteSpace(failure?.Error) ? PipelineErrors.Unexpected : failure!.Error!;
        var cause = Truncate(Unwrap(failure?.Cause) ?? "The execution failed without a cause.");
        // Errors the pipeline did not name (a defect, or an unexpected AWS error) keep their type in the cause.
        if (!error.Contains('.', StringComparison.Ordinal))
        {
            cause = Truncate($"{error}: {cause}");
            error = PipelineErrors.Unexpected;
        }

        var detail = new LifecycleDetail { ExecutionArn = input.ExecutionArn, Error = error, Cause = cause };
        if (state.TryGetProperty("run", out var runElement) && runElement.Deserialize(PipelineJsonContext.Default.RunContext) is { } run)
        {
            detail = LifecycleDetail.For(run, input.ExecutionArn) with { Error = error, Cause = cause };
            await ReleaseTargetLocksAsync(state, run, cancellationToken).ConfigureAwait(false);
        }
        else if (state.TryGetProperty("bundle", out var bundleElement) && bundleElement.Deserialize(PipelineJsonContext.Default.BundleReference) is { } bundle)
            detail = detail with { Bundle = bundle.ToString() };

        await events.PublishAsync(LifecycleEvents.DeploymentFailed, detail, cancellationToken).ConfigureAwait(false);
        return new FailureReport(error, cause);
    }

    /// <summary>
    /// A deploy that failed for good (its retries used up) may still hold its target's lock: free every target of the
    /// plan this run holds, so the next run deploys at once instead of waiting for the lock to go stale.
    /// </summary>
    private async Task ReleaseTargetLocksAsync(JsonElement state, RunContext run, CancellationToken cancellationToken)
    {
        if (!state.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Array) return;
        foreach (var target in targets.EnumerateArray())
        {
            if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String) continue;
            try
            {
                await locks.ReleaseAsync(run.PipelineName, name.GetString()!, run.RunId, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectStoreException)
            {
                // Freeing the lock is a courtesy to the next run (a held lock goes stale anyway); it must not keep the
                // failure from being reported.
            }
        }
    }

    /// <summary>A Lambda function error arrives as {"errorMessage", "errorType", ...}: the message is the cause.</summary>
    private static string? Unwrap(string? cause)
    {
        if (cause is null || !cause.TrimStart().StartsWith('{')) return cause;
        try
        {
            using var document = JsonDocument.Parse(cause);
            return document.RootElement.TryGetProperty("errorMessage", out var message) && message.ValueKind == JsonValueKind.String
                ? message.GetString()
                : cause;
        }
        catch (JsonException)
        {
            return cause;
        }
    }

    private static string Truncate(string text) => text.Length <= MaxCauseLength ? text : text[..(MaxCauseLength - 1)] + "…";
}
