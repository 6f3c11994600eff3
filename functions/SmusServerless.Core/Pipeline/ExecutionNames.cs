using System.Security.Cryptography;
using System.Text;

namespace SmusServerless.Core.Pipeline;

/// <summary>
/// Deterministic execution names, so that an event EventBridge delivers twice starts one execution: Step Functions
/// refuses a second execution with the same name (within 90 days) while the first exists.
/// </summary>
public static class ExecutionNames
{
    /// <summary>One execution per bundle object version.</summary>
    public static string ForBundleVersion(string pipelineHint, BundleReference bundle) =>
        Name(pipelineHint, $"s3\n{bundle.Bucket}\n{bundle.Key}\n{bundle.VersionId}");

    /// <summary>One execution per "Deployment Requested" event (a re-run or a rollback asks for a new one).</summary>
    public static string ForRequest(string pipelineHint, string eventId) => Name(pipelineHint, $"request\n{eventId}");

    private static string Name(string hint, string identity)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..24];
        var prefix = new string(hint.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').Take(50).ToArray());
        return prefix.Length == 0 ? hash : $"{prefix}-{hash}";
    }
}
