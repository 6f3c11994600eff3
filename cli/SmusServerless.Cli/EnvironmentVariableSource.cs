using SmusServerless.Core.Manifest;

namespace SmusServerless.Cli;

/// <summary>
/// <c>${VAR}</c> values for a manifest from the CLI's environment variables. A variable set to "" is set
/// (it substitutes ""), as the core's contract says; only an absent one is unset.
/// </summary>
public sealed class EnvironmentVariableSource(IReadOnlyDictionary<string, string?> environment) : IVariableSource
{
    public string? Find(string name) => environment.TryGetValue(name, out var value) ? value : null;

    /// <summary>The current process's environment variables (ordinal names, as on Linux).</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            variables[(string)entry.Key] = entry.Value as string;
        return variables;
    }
}
