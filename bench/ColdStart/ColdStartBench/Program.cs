// Cold start = process start to the first handled invocation's response arriving at a local Runtime API,
// for the Native AOT bootstrap and the same code under JIT; then warm invocation latency and binary size.
// Usage: ColdStartBench --aot <native bootstrap> --jit <bootstrap.dll> [--handler bench.echo]
//        [--event '{"name":"bench"}'] [--runs 31] [--warm 2000] [--json out.json]
using System.Diagnostics;
using System.Globalization;
using System.Text;
using SmusServerless.Bench.ColdStart;

var options = BenchOptions.Parse(args);
await using var api = await LocalRuntimeApi.StartAsync();
var environment = new Dictionary<string, string>
{
    ["AWS_LAMBDA_RUNTIME_API"] = api.Address,
    ["_HANDLER"] = options.Handler,
    ["AWS_LAMBDA_FUNCTION_NAME"] = "bench",
    ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
    ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512",
    ["POWERTOOLS_SERVICE_NAME"] = "bench",
    ["POWERTOOLS_METRICS_NAMESPACE"] = "Bench",
};

var variants = new List<(string Name, string File, string[] Arguments)>();
if (options.Aot is not null)
{
    variants.Add(("Native AOT", options.Aot, []));
}

if (options.Jit is not null)
{
    variants.Add(("JIT (dotnet bootstrap.dll)", "dotnet", [options.Jit]));
}

var report = new StringBuilder();
var results = new List<VariantResult>();
foreach (var (name, file, arguments) in variants)
{
    Console.Error.WriteLine($"{name}: {options.Runs} cold starts ({options.WarmupRuns} discarded first)...");
    var cold = new List<double>();
    var ready = new List<double>();
    for (var run = 0; run < options.Runs + options.WarmupRuns; run++)
    {
        var (coldMs, readyMs) = await ColdStartAsync(api, file, arguments, environment, options.Event);
        if (run >= options.WarmupRuns)
        {
            cold.Add(coldMs);
            ready.Add(readyMs);
        }
    }

    Console.Error.WriteLine($"{name}: {options.Warm} warm invocations in one process...");
    var warm = await WarmAsync(api, file, arguments, environment, options.Event, options.Warm);
    results.Add(new VariantResult(name, cold, ready, warm, SizeOf(file == "dotnet" ? arguments[0] : file, file == "dotnet")));
}

Console.WriteLine(Render(results, options));
if (options.JsonPath is not null)
{
    File.WriteAllText(options.JsonPath, RenderJson(results));
}

return 0;

static async Task<(double ColdMs, double ReadyMs)> ColdStartAsync(
    LocalRuntimeApi api, string file, string[] arguments, Dictionary<string, string> environment, string payload)
{
    api.ResetProcessMarks();
    api.Enqueue(payload);
    var start = Stopwatch.GetTimestamp();
    using var process = Start(file, arguments, environment);
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
    var completion = await api.NextCompletionAsync(timeout.Token);
    var readyAt = api.FirstNextAt;
    Stop(process);
    if (completion.Kind != "response")
    {
        throw new InvalidOperationException($"The bootstrap answered {completion.Kind}: {completion.Body}");
    }

    return (Stopwatch.GetElapsedTime(start, completion.At).TotalMilliseconds, Stopwatch.GetElapsedTime(start, readyAt).TotalMilliseconds);
}

static async Task<List<double>> WarmAsync(
    LocalRuntimeApi api, string file, string[] arguments, Dictionary<string, string> environment, string payload, int count)
{
    using var process = Start(file, arguments, environment);
    using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
    var latencies = new List<double>(count);
    api.Enqueue(payload);
    await api.NextCompletionAsync(timeout.Token); // the cold one is not a warm invocation
    for (var i = 0; i < count; i++)
    {
        api.Enqueue(payload);
        var completion = await api.NextCompletionAsync(timeout.Token);
        latencies.Add(Stopwatch.GetElapsedTime(api.LastHandedOut, completion.At).TotalMilliseconds);
    }

    Stop(process);
    return latencies;
}

static Process Start(string file, string[] arguments, Dictionary<string, string> environment)
{
    var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in arguments)
    {
        info.ArgumentList.Add(argument);
    }

    foreach (var (name, value) in environment)
    {
        info.Environment[name] = value;
    }

    var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
    // Drain the bootstrap's log lines so a full pipe never blocks it.
    var verbose = Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1";
    process.OutputDataReceived += (_, line) => { if (verbose && line.Data is not null) Console.Error.WriteLine(line.Data); };
    process.ErrorDataReceived += (_, line) => { if (verbose && line.Data is not null) Console.Error.WriteLine(line.Data); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static void Stop(Process process)
{
    if (!process.HasExited)
    {
        process.Kill();
    }

    process.WaitForExit();
}

static long SizeOf(string path, bool wholeFolder) =>
    wholeFolder
        ? new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(path))!).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
        : new FileInfo(path).Length;

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToArray();
    var rank = p * (sorted.Length - 1);
    var low = (int)Math.Floor(rank);
    var high = (int)Math.Ceiling(rank);
    return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
}

static string Render(List<VariantResult> results, BenchOptions options)
{
    var text = new StringBuilder();
    text.AppendLine(CultureInfo.InvariantCulture, $"| build | cold start p50 (ms) | min | p90 | runtime ready p50 (ms) | warm p50 (ms) | warm p99 (ms) | size |");
    text.AppendLine("|---|---|---|---|---|---|---|---|");
    foreach (var result in results)
    {
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {result.Name} | {Percentile(result.Cold, 0.5):0.0} | {result.Cold.Min():0.0} | {Percentile(result.Cold, 0.9):0.0} | {Percentile(result.Ready, 0.5):0.0} | {Percentile(result.Warm, 0.5):0.000} | {Percentile(result.Warm, 0.99):0.000} | {result.SizeBytes / 1024.0 / 1024.0:0.00} MB |");
    }

    if (results.Count == 2)
    {
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Cold start ratio JIT / AOT (medians): {Percentile(results[1].Cold, 0.5) / Percentile(results[0].Cold, 0.5):0.0}x; runs per build: {options.Runs} (after {options.WarmupRuns} discarded), warm invocations: {options.Warm}.");
    }

    return text.ToString();
}

static string RenderJson(List<VariantResult> results)
{
    var text = new StringBuilder("[");
    foreach (var result in results)
    {
        if (text.Length > 1)
        {
            text.Append(',');
        }

        text.Append(CultureInfo.InvariantCulture,
            $$"""{"build":"{{result.Name}}","coldStartMs":[{{string.Join(",", result.Cold.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture)))}}],"readyMs":[{{string.Join(",", result.Ready.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture)))}}],"warmP50Ms":{{Percentile(result.Warm, 0.5).ToString("0.####", CultureInfo.InvariantCulture)}},"warmP99Ms":{{Percentile(result.Warm, 0.99).ToString("0.####", CultureInfo.InvariantCulture)}},"sizeBytes":{{result.SizeBytes}}}""");
    }

    return text.Append(']').ToString();
}

internal sealed record VariantResult(string Name, List<double> Cold, List<double> Ready, List<double> Warm, long SizeBytes);

internal sealed record BenchOptions(string? Aot, string? Jit, string Handler, string Event, int Runs, int WarmupRuns, int Warm, string? JsonPath)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        int Number(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var options = new BenchOptions(
            values.GetValueOrDefault("--aot"), values.GetValueOrDefault("--jit"),
            values.GetValueOrDefault("--handler", "bench.echo"), values.GetValueOrDefault("--event", """{"name":"bench"}"""),
            Number("--runs", 31), Number("--discard", 2), Number("--warm", 2000), values.GetValueOrDefault("--json"));
        if (options.Aot is null && options.Jit is null)
        {
            throw new ArgumentException("Give --aot <native bootstrap> and/or --jit <bootstrap.dll>.");
        }

        if (options.Runs < 20)
        {
            throw new ArgumentException($"--runs is {options.Runs}; the bench takes the median of at least 20 runs.");
        }

        return options;
    }
}
