using System.Diagnostics;
using System.Globalization;
using SmusServerless.Core.Bundle;
using SmusServerless.Local.Files;

// Bundle benchmarks (see README.md):
//   generate <dir> <megabytes>        a project tree: pipeline.yaml, text files and binary files (about 30% text)
//   create <dir> <out.zip>            one bundle build, timed
//   compare <dir> <runs>              bundle builds vs `zip -r -X` of the same tree: medians and ratio
//   inspect <bundle.zip>              open + verify every hash, timed, with peak memory
return args switch
{
    ["generate", var dir, var megabytes] => Generate(dir, long.Parse(megabytes, CultureInfo.InvariantCulture)),
    ["create", var dir, var output] => await CreateOnceAsync(dir, output),
    ["compare", var dir, var runs] => await CompareAsync(dir, int.Parse(runs, CultureInfo.InvariantCulture)),
    ["inspect", var bundle] => await InspectAsync(bundle),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: BundleBench generate <dir> <MB> | create <dir> <out.zip> | compare <dir> <runs> | inspect <bundle.zip>");
    return 2;
}

// Deterministic content: text files (SQL/Python-like, compress about 4:1) and binary files (random, incompressible,
// like parquet or images), 1-8 MiB each, spread over nested directories.
static int Generate(string dir, long megabytes)
{
    Directory.CreateDirectory(dir);
    File.WriteAllText(Path.Combine(dir, "pipeline.yaml"), "pipelineName: BenchPipeline\nbundle:\n  storage:\n    - connectionName: default.s3_shared\n      include: ['src']\n");
    var random = new Random(42);
    var words = "select from where group by order join table column value insert update def return import pipeline bundle storage "u8.ToArray();
    var budget = megabytes << 20;
    var index = 0;
    var buffer = new byte[1 << 20];
    while (budget > 0)
    {
        var size = Math.Min(budget, (long)random.Next(1, 9) << 20);
        var text = index % 10 < 3;
        var path = Path.Combine(dir, "src", $"area{index % 7}", $"part{index % 5}", text ? $"file{index}.sql" : $"file{index}.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var file = File.Create(path))
        {
            for (long written = 0; written < size; written += buffer.Length)
            {
                if (text)
                {
                    for (var i = 0; i < buffer.Length; i++)
                        buffer[i] = random.Next(8) == 0 ? (byte)random.Next(32, 127) : words[random.Next(words.Length)];
                }
                else
                {
                    random.NextBytes(buffer);
                }
                file.Write(buffer, 0, (int)Math.Min(buffer.Length, size - written));
            }
        }
        budget -= size;
        index++;
    }
    Console.WriteLine($"generated {index} files, {megabytes} MiB, in {dir}");
    return 0;
}

static async Task<(TimeSpan Wall, TimeSpan Cpu, long Bytes)> CreateAsync(string dir, string output)
{
    File.Delete(output);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var tree = new DirectorySourceTree(dir);
    var files = await new BundleContentSelector().SelectAsync(tree, [new BundleContentRule(BundleArea.Storage, ["src"], ["__pycache__/", "*.pyc"])], CancellationToken.None);
    await using (var stream = new FileStream(output, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous))
    {
        await new BundleWriter().WriteAsync(stream, new BundleMetadata("BenchPipeline", "1.0.0", DateTimeOffset.UnixEpoch, new BundleSource("bench", "bench")), files, tree, CancellationToken.None);
    }
    clock.Stop();
    var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    return (clock.Elapsed, used, files.Sum(f => f.Length));
}

static async Task<int> CreateOnceAsync(string dir, string output)
{
    var (wall, cpu, bytes) = await CreateAsync(dir, output);
    Console.WriteLine($"create: {bytes / 1048576.0:F1} MiB in {wall.TotalSeconds:F2} s wall, {cpu.TotalSeconds:F2} s CPU ({bytes / 1048576.0 / wall.TotalSeconds:F1} MiB/s); zip {new FileInfo(output).Length / 1048576.0:F1} MiB");
    return 0;
}

static async Task<int> CompareAsync(string dir, int runs)
{
    var ours = Path.Combine(Path.GetTempPath(), "bundlebench-ours.zip");
    var theirs = Path.Combine(Path.GetTempPath(), "bundlebench-zip.zip");
    var oursWall = new List<double>();
    var oursCpu = new List<double>();
    var zipWall = new List<double>();
    var zipCpu = new List<double>();
    long bytes = 0;
    // Alternate the two so that load changes on the machine hit both alike.
    for (var run = 0; run < runs; run++)
    {
        var (wall, cpu, total) = await CreateAsync(dir, ours);
        bytes = total;
        oursWall.Add(wall.TotalSeconds);
        oursCpu.Add(cpu.TotalSeconds);

        File.Delete(theirs);
        // GNU time reports the child's CPU time (a Process object no longer can once it has exited).
        var info = new ProcessStartInfo("/usr/bin/time", ["-f", "%e %U %S", "zip", "-r", "-X", "-q", theirs, "src", "pipeline.yaml"])
        {
            WorkingDirectory = dir,
            RedirectStandardError = true,
        };
        var clock = Stopwatch.StartNew();
        using var zip = Process.Start(info)!;
        var report = await zip.StandardError.ReadToEndAsync();
        await zip.WaitForExitAsync();
        clock.Stop();
        if (zip.ExitCode != 0)
            throw new InvalidOperationException($"zip exited with {zip.ExitCode}: {report}");
        var times = report.Trim().Split('\n')[^1].Split(' ').Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var zipCpuSeconds = times[1] + times[2];
        zipWall.Add(clock.Elapsed.TotalSeconds);
        zipCpu.Add(zipCpuSeconds);
        Console.WriteLine($"run {run + 1}: ours {wall.TotalSeconds:F2} s wall / {cpu.TotalSeconds:F2} s CPU; zip -r -X {clock.Elapsed.TotalSeconds:F2} s wall / {zipCpuSeconds:F2} s CPU");
    }
    var mib = bytes / 1048576.0;
    Console.WriteLine($"tree: {mib:F1} MiB; bundle {new FileInfo(ours).Length / 1048576.0:F1} MiB, zip -r -X {new FileInfo(theirs).Length / 1048576.0:F1} MiB");
    Console.WriteLine($"median wall: ours {Median(oursWall):F2} s ({mib / Median(oursWall):F1} MiB/s), zip {Median(zipWall):F2} s ({mib / Median(zipWall):F1} MiB/s), ours/zip {Median(oursWall) / Median(zipWall):F2}");
    Console.WriteLine($"median CPU:  ours {Median(oursCpu):F2} s ({mib / Median(oursCpu):F1} MiB/s), zip {Median(zipCpu):F2} s ({mib / Median(zipCpu):F1} MiB/s), ours/zip {Median(oursCpu) / Median(zipCpu):F2}");
    File.Delete(ours);
    File.Delete(theirs);
    return 0;
}

static async Task<int> InspectAsync(string bundle)
{
    var clock = Stopwatch.StartNew();
    using var source = FileRandomAccessSource.Open(bundle);
    var reader = await BundleReader.OpenAsync(source);
    var opened = clock.Elapsed;
    var verification = await reader.VerifyAsync(CancellationToken.None);
    clock.Stop();
    using var self = Process.GetCurrentProcess();
    Console.WriteLine(FormattableString.Invariant(
        $"inspect: {source.Length / 1048576.0:F1} MiB bundle, {verification.Files} files, {verification.Bytes / 1048576.0:F1} MiB verified; open {opened.TotalMilliseconds:F1} ms, open+verify {clock.Elapsed.TotalSeconds:F2} s ({verification.Bytes / 1048576.0 / clock.Elapsed.TotalSeconds:F1} MiB/s); peak working set {self.PeakWorkingSet64 / 1048576.0:F1} MiB, managed heap {GC.GetTotalMemory(false) / 1048576.0:F1} MiB, allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F1} MiB"));
    return 0;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
