using System.Security.Cryptography;
using System.Text;

namespace SmusServerless.Application.Pipeline;

/// <summary>Where the pipeline keeps its own state in the state bucket, in one place.</summary>
public static class StateKeys
{
    public static string CurrentDeployment(string pipeline, string target) => $"deployments/{pipeline}/{target}/current.json";

    public static string DeploymentHistory(string pipeline, string target, string runId) => $"deployments/{pipeline}/{target}/history/{runId}.json";

    public const string TargetLocksPrefix = "locks/";

    public static string TargetLock(string pipeline, string target) => $"{TargetLocksPrefix}{pipeline}/{target}.json";

    public static string TestReport(string prefix, string pipeline, string target, string runId) => $"{prefix}{pipeline}/{target}/{runId}.xml";
}

/// <summary>Client tokens derived from what a create is for, so a retried create returns what the first one made.</summary>
public static class IdempotencyTokens
{
    public static string For(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..32];
}
