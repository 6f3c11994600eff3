using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmusServerless.Cli;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Manifest;
using SmusServerless.Local.Files;
using SmusServerless.Local.Pipeline;

// Offline pipeline benchmarks (see README.md):
//   examples <repo> <runs>     each example end to end (auto-approved): wall time, state transitions, invocations,
//                              Lambda GB-seconds at the template's memory sizes (medians over the runs)
//   deploy <repo> <tree>       a generated tree (BundleBench generate) as a one-target pipeline: Deploy throughput vs
//                              `cp -r` of the same files, and the process's peak memory
return args switch
{
    ["examples", var repo, var runs] => await ExamplesAsync(repo, int.Parse(runs, CultureInfo.InvariantCulture)),
    ["deploy", var repo, var tree] => await DeployAsync(repo, tree),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PipelineBench examples <repo> <runs> | deploy <repo> <tree>");
    return 2;
}

static async Task<int> ExamplesAsync(string repo, int runs)
{
    var memory = FunctionMemory.FromTemplate(Path.Combine(repo, "template.yaml"));
    foreach (var example in new[] { "marketing-demo", "serverless-etl" })
    {
        var wall = new List<double>();
        var gbSeconds = new List<double>();
        var transitions = new List<long>();
        var invocations = new List<int>();
        for (var run = 0; run < runs; run++)
        {
            var state = Directory.CreateTempSubdirectory("pipelinebench-").FullName;
            try
            {
                var bundle = await BundleAsync(Path.Combine(repo, "examples", example), state);
                var clock = Stopwatch.StartNew();
                var (result, calls) = await RunAsync(repo, state, bundle);
                clock.Stop();
                if (!result.Succeeded)
                    throw new InvalidOperationException($"{example}: the run ended {result.Status} {result.Error}: {result.Cause}");
                var cost = calls.Sum(c => memory.GbSeconds(c));
                wall.Add(clock.Elapsed.TotalSeconds);
                gbSeconds.Add(cost);
                transitions.Add(result.StateTransitions);
                invocations.Add(calls.Count);
                Console.WriteLine($"{example} run {run + 1}: {clock.Elapsed.TotalSeconds:F2} s wall, {result.StateTransitions} state transitions, {calls.Count} invocations, {cost:F4} GB-s");
                if (run == 0)
                    foreach (var group in calls.GroupBy(c => c.Handler).OrderBy(g => g.Key, StringComparer.Ordinal))
                        Console.WriteLine($"  {group.Key,-16} {group.Count(),3} invocations, {memory.MegabytesOf(group.Key),5} MB, median {Median(group.Select(c => c.Duration.TotalMilliseconds)):F1} ms");
            }
            finally
            {
                Directory.Delete(state, recursive: true);
            }
        }
        Console.WriteLine($"{example}: median wall {Median(wall):F2} s; state transitions {transitions.Min()}..{transitions.Max()}; invocations {invocations.Min()}..{invocations.Max()}; median {Median(gbSeconds):F4} GB-s per run (offline durations)");
    }
    return 0;
}

static async Task<int> DeployAsync(string repo, string tree)
{
    // One DEV target whose storage is the generated tree: the run is resolve, provision, deploy and verify of it.
    await File.WriteAllTextAsync(Path.Combine(tree, "pipeline.yaml"), """
        pipelineName: DeployBench
        bundle:
          storage:
            - connectionName: default.s3_shared
              include: ['src']
        targets:
          dev:
            stage: DEV
            default: true
            domain:
              name: bench-domain
              region: us-east-1
            project:
              name: bench-project
              create: false
            bundle_target_configuration:
              storage:
                connectionName: default.s3_shared
                directory: src
        """);
    var bytes = Directory.EnumerateFiles(Path.Combine(tree, "src"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
    var mib = bytes / 1048576.0;
    var state = Directory.CreateTempSubdirectory("pipelinebench-").FullName;
    try
    {
        var bundle = await BundleAsync(tree, state);
        var (result, calls) = await RunAsync(repo, state, bundle);
        if (!result.Succeeded)
            throw new InvalidOperationException($"the run ended {result.Status} {result.Error}: {result.Cause}");
        var deploy = calls.Where(c => c.Handler == "deploy").Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Duration);
        var verify = calls.Where(c => c.Handler == "verify").Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Duration);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;

        var copy = Path.Combine(state, "plain-copy");
        var clock = Stopwatch.StartNew();
        using (var cp = Process.Start("cp", ["-r", Path.Combine(tree, "src"), copy]))
        {
            await cp.WaitForExitAsync();
            if (cp.ExitCode != 0) throw new InvalidOperationException($"cp -r exited with {cp.ExitCode}");
        }
        clock.Stop();

        Console.WriteLine($"tree {mib:F1} MiB, bundle {new FileInfo(bundle).Length / 1048576.0:F1} MiB");
        Console.WriteLine($"deploy {deploy.TotalSeconds:F2} s ({mib / deploy.TotalSeconds:F1} MiB/s); verify {verify.TotalSeconds:F2} s; cp -r {clock.Elapsed.TotalSeconds:F2} s ({mib / clock.Elapsed.TotalSeconds:F1} MiB/s); deploy / cp = {deploy.TotalSeconds / clock.Elapsed.TotalSeconds:F2}");
        Console.WriteLine($"peak working set of the whole offline run: {peak / 1048576.0:F0} MiB");
    }
    finally
    {
        Directory.Delete(state, recursive: true);
    }
    return 0;
}

static async Task<string> BundleAsync(string project, string state)
{
    var stdout = new StringWriter();
    var stderr = new StringWriter();
    var exit = await CliApplication.RunAsync(
        ["bundle", "-p", project, "-d", Path.Combine(state, "bundles"), "--version", "1.0.0", "--author", "bench@example.com", "--json"],
        stdout, stderr, new Dictionary<string, string?>());
    if (exit != 0)
        throw new InvalidOperationException($"bundle failed: {stderr}");
    return JsonNode.Parse(stdout.ToString().Trim())!["path"]!.GetValue<string>();
}

static async Task<(LocalRunResult Result, IReadOnlyList<FunctionInvocation> Calls)> RunAsync(string repo, string state, string bundle)
{
    PipelineManifest manifest;
    using (var source = FileRandomAccessSource.Open(bundle))
    {
        var reader = await BundleReader.OpenAsync(source);
        var yaml = Encoding.UTF8.GetString(await reader.ReadAllBytesAsync("pipeline.yaml", CancellationToken.None));
        manifest = ManifestLoader.Load(yaml, "pipeline.yaml", DictionaryVariableSource.Empty).Manifest
            ?? throw new InvalidOperationException($"{bundle}: pipeline.yaml is not valid");
    }
    await using var run = await LocalPipelineRun.StartAsync(new LocalRunOptions
    {
        StateDirectory = Path.Combine(state, "stack"),
        AutoApprove = true,
    }, manifest, _ => { }, CancellationToken.None);
    var result = await run.RunBundleAsync(bundle, null, CancellationToken.None);
    return (result, run.Invocations);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

/// <summary>Each handler's MemorySize in template.yaml (or the Globals default), to price invocations as Lambda bills them.</summary>
internal sealed partial class FunctionMemory(IReadOnlyDictionary<string, int> byHandler, int globalDefault)
{
    public static FunctionMemory FromTemplate(string path)
    {
        var byHandler = new Dictionary<string, int>(StringComparer.Ordinal);
        var globalDefault = 128;
        string? handler = null;
        int? size = null;
        var inGlobals = false;
        foreach (var line in File.ReadLines(path).Append("End:"))
        {
            if (TopLevel().IsMatch(line)) inGlobals = line.StartsWith("Globals:", StringComparison.Ordinal);
            if (ResourceStart().IsMatch(line) || TopLevel().IsMatch(line))
            {
                if (handler is not null && size is not null) byHandler[handler] = size.Value;
                handler = null;
                size = null;
            }
            if (Setting().Match(line) is { Success: true } setting)
            {
                if (setting.Groups[1].Value == "Handler") handler = setting.Groups[2].Value;
                else if (inGlobals) globalDefault = int.Parse(setting.Groups[2].Value, CultureInfo.InvariantCulture);
                else size = int.Parse(setting.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }
        return new FunctionMemory(byHandler, globalDefault);
    }

    public int MegabytesOf(string handler) => byHandler.TryGetValue(handler, out var size) ? size : globalDefault;

    /// <summary>Lambda bills duration rounded up to the millisecond, times the configured memory.</summary>
    public double GbSeconds(FunctionInvocation call) =>
        Math.Ceiling(call.Duration.TotalMilliseconds) / 1000.0 * MegabytesOf(call.Handler) / 1024.0;

    [GeneratedRegex(@"^\S")]
    private static partial Regex TopLevel();

    [GeneratedRegex(@"^  [A-Za-z0-9]+:\s*$")]
    private static partial Regex ResourceStart();

    [GeneratedRegex(@"^\s+(Handler|MemorySize):\s*([A-Za-z0-9-]+)\s*$")]
    private static partial Regex Setting();
}
