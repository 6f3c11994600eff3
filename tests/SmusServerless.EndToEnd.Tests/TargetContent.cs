using System.Security.Cryptography;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Pipeline;
using SmusServerless.Local.Files;
using SmusServerless.Local.Pipeline;
using SmusServerless.Local.StepFunctions.Execution;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>Checks of a target's final state: what its destination prefix holds, against its record and its bundle.</summary>
internal static class TargetContent
{
    /// <summary>
    /// The prefix holds exactly the files of one bundle: the record lists every deployable file of the bundle with its
    /// hash, the objects under the prefix are exactly the recorded keys, and each object's bytes hash to the recorded value.
    /// </summary>
    public static async Task AssertHoldsExactlyAsync(LocalPipelineRun run, string prefix, DeploymentRecord record, string bundlePath)
    {
        using var source = FileRandomAccessSource.Open(bundlePath);
        var reader = await BundleReader.OpenAsync(source);
        var expected = reader.Descriptor.Files
            .Where(f => f.Path.StartsWith(DeploymentLayout.StorageArea + "/", StringComparison.Ordinal) || f.Path.StartsWith(DeploymentLayout.WorkflowsArea + "/", StringComparison.Ordinal))
            .ToDictionary(f => f.Path, f => f.Sha256, StringComparer.Ordinal);
        Assert.Equal(reader.Descriptor.Version, record.BundleVersion);
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), record.Files.ToDictionary(f => f.BundlePath, f => f.Sha256).OrderBy(e => e.Key, StringComparer.Ordinal));

        var stored = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await run.Store.ListAsync(ManifestSeed.ProjectsBucket, prefix, token, 1000, CancellationToken.None);
            foreach (var item in page.Objects)
            {
                await using var stream = await run.Store.OpenReadAsync(ManifestSeed.ProjectsBucket, item.Key, null, CancellationToken.None);
                stored[item.Key] = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
            }
            token = page.NextContinuationToken;
        } while (token is not null);
        Assert.Equal(record.Files.Select(f => KeyValuePair.Create(f.Key, f.Sha256)).OrderBy(f => f.Key, StringComparer.Ordinal), stored);
    }

    /// <summary>Every event of an execution's history, through its pages.</summary>
    public static List<HistoryEvent> History(LocalPipelineRun run, string executionArn)
    {
        var events = new List<HistoryEvent>();
        string? token = null;
        do
        {
            var page = run.Engine.GetExecutionHistory(executionArn, 1000, token);
            events.AddRange(page.Events);
            token = page.NextToken;
        } while (token is not null);
        return events;
    }

    /// <summary>The names of the states an execution entered, in order (a state entered twice appears twice).</summary>
    public static List<string> EnteredStates(LocalPipelineRun run, string executionArn) =>
        [.. History(run, executionArn).Where(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal)).Select(e => e.Details!["name"]!.GetValue<string>())];

    /// <summary>The errors of the task attempts that failed (each one retried or caught by the state machine).</summary>
    public static List<string> FailedTaskErrors(LocalPipelineRun run, string executionArn) =>
        [.. History(run, executionArn).Where(e => e.Type is "TaskFailed" or "LambdaFunctionFailed").Select(e => e.Details?["error"]?.GetValue<string>() ?? "")];
}
