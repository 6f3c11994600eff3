using System.Diagnostics;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Storage;
using SmusServerless.Local.StepFunctions.Tasks;

namespace SmusServerless.Local.Pipeline;

/// <summary>
/// The offline stand-in for the CodeBuild test project: fetches the bundle version the build variables name, extracts
/// it, runs pytest on its tests folder with the SMUS_* variables, and stores the JUnit report where the pipeline expects it.
/// </summary>
public sealed class LocalTestRunner(IObjectStore store, string workDirectory, string? python) : ILocalBuildRunner
{
    public async Task<LocalBuildResult> RunAsync(string projectName, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        string Var(string name) => environment.TryGetValue(name, out var value) ? value
            : throw new InvalidOperationException($"the test build needs {name}");
        var bundleVersion = environment.GetValueOrDefault("SMUS_BUNDLE_VERSION_ID") is { Length: > 0 } v ? v : null;
        var folder = Var("SMUS_TESTS_FOLDER");
        var report = S3Uri.Parse(Var("SMUS_TEST_REPORT_URI"));

        var work = Path.Combine(workDirectory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var source = await ObjectRandomAccessSource.OpenAsync(store, Var("SMUS_BUNDLE_BUCKET"), Var("SMUS_BUNDLE_KEY"), bundleVersion, cancellationToken).ConfigureAwait(false);
            var reader = await BundleReader.OpenAsync(source, cancellationToken: cancellationToken).ConfigureAwait(false);
            // The whole bundle, as the CodeBuild project unzips it: tests may import the bundled code beside them.
            foreach (var entry in reader.Entries.Where(e => !e.IsDirectory))
            {
                // Entry names were checked by the reader (no traversal, no absolute paths).
                var path = Path.Combine(work, entry.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await using var input = await reader.OpenEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                await using var output = File.Create(path);
                await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }

            var reportFile = Path.Combine(work, "report.xml");
            var start = new ProcessStartInfo(python ?? FindPython(), ["-m", "pytest", "-q", "-p", "no:cacheprovider", $"--junitxml={reportFile}", folder])
            {
                WorkingDirectory = work,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var (name, value) in environment)
                start.Environment[name] = value;
            using var process = Process.Start(start) ?? throw new InvalidOperationException("pytest could not be started");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var logs = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);

            if (File.Exists(reportFile))
            {
                await using var xml = File.OpenRead(reportFile);
                await store.PutAsync(report.Bucket, report.Key, xml, new PutOptions(ContentType: "application/xml"), cancellationToken).ConfigureAwait(false);
            }
            return new LocalBuildResult(process.ExitCode == 0, process.ExitCode, logs);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The first python3 that can import pytest (the system one on Debian, where python3-pytest installs it).</summary>
    public static string FindPython()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("SMUS_PYTHON"), "python3", "/usr/bin/python3" })
        {
            if (string.IsNullOrEmpty(candidate)) continue;
            try
            {
                using var probe = Process.Start(new ProcessStartInfo(candidate, ["-c", "import pytest"]) { RedirectStandardError = true, RedirectStandardOutput = true });
                if (probe is null) continue;
                probe.WaitForExit();
                if (probe.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }
        throw new InvalidOperationException("no python3 with pytest was found: install it (apt-get install python3-pytest) or set SMUS_PYTHON");
    }
}
