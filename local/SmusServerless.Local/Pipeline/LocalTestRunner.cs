using System.Diagnostics;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;
using SmusServerless.Local.StepFunctions.Tasks;

namespace SmusServerless.Local.Pipeline;

/// <summary>The local stack's AWS endpoint and credentials, which boto3 inside the app tests is pointed at offline.</summary>
public sealed record LocalTestAws(Uri Endpoint, string AccessKeyId, string SecretAccessKey, string Region);

/// <summary>
/// The offline stand-in for the CodeBuild test project, doing what its buildspec does: fetches the bundle version the
/// build variables name and extracts it, writes the <c>smus_config</c> plugin and config document beside it (never into
/// the tests folder), runs pytest in the tests folder with the plugin loaded (<c>-p</c>) and the SMUS_* variables,
/// and stores the JUnit report where the pipeline expects it. boto3 in the tests reaches the local stack, never AWS.
/// </summary>
public sealed class LocalTestRunner(IObjectStore store, string workDirectory, string? python, Func<LocalTestAws?>? aws = null) : ILocalBuildRunner
{
    /// <summary>Variables that would lead boto3 to real credentials or another endpoint; removed offline.</summary>
    private static readonly string[] RemovedAwsVariables =
        ["AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
         "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN"];

    public async Task<LocalBuildResult> RunAsync(string projectName, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        string Var(string name) => environment.TryGetValue(name, out var value) ? value
            : throw new InvalidOperationException($"the test build needs {name}");
        var bundleVersion = environment.GetValueOrDefault("SMUS_BUNDLE_VERSION_ID") is { Length: > 0 } v ? v : null;
        var folder = Var(TestEnvironment.TestsFolderVariable);
        var report = S3Uri.Parse(Var("SMUS_TEST_REPORT_URI"));

        var work = Path.Combine(workDirectory, Guid.NewGuid().ToString("N"));
        var bundleDirectory = Path.Combine(work, "bundle");
        var pluginDirectory = Path.Combine(work, "plugin");
        Directory.CreateDirectory(bundleDirectory);
        Directory.CreateDirectory(pluginDirectory);
        try
        {
            var source = await ObjectRandomAccessSource.OpenAsync(store, Var("SMUS_BUNDLE_BUCKET"), Var("SMUS_BUNDLE_KEY"), bundleVersion, cancellationToken).ConfigureAwait(false);
            var reader = await BundleReader.OpenAsync(source, cancellationToken: cancellationToken).ConfigureAwait(false);
            // The whole bundle, as the CodeBuild project unzips it: tests may import the bundled code beside them.
            foreach (var entry in reader.Entries.Where(e => !e.IsDirectory))
            {
                // Entry names were checked by the reader (no traversal, no absolute paths).
                var path = Path.Combine(bundleDirectory, entry.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await using var input = await reader.OpenEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                await using var output = File.Create(path);
                await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }

            var testsDirectory = Path.Combine(bundleDirectory, folder);
            if (!Directory.Exists(testsDirectory))
                return new LocalBuildResult(false, 2, $"the bundle has no tests folder '{folder}'");

            // The plugin and config come from the build variables, as the buildspec takes them; the config file lives
            // outside the tests folder, so the user's files are exactly the bundle's.
            var plugin = environment.GetValueOrDefault(TestEnvironment.PluginVariable) is { Length: > 0 } p ? p : TestPlugin.Source;
            await File.WriteAllTextAsync(Path.Combine(pluginDirectory, TestPlugin.FileName), plugin, cancellationToken).ConfigureAwait(false);
            var configFile = Path.Combine(work, "smus_test_config.json");
            await File.WriteAllTextAsync(configFile, Var(TestEnvironment.ConfigJsonVariable), cancellationToken).ConfigureAwait(false);

            var reportFile = Path.Combine(work, "report.xml");
            // As smus-cli runs them: `pytest .` in the tests folder.
            var start = new ProcessStartInfo(python ?? FindPython(),
                ["-m", "pytest", "-p", TestPlugin.ModuleName, "-q", "-p", "no:cacheprovider", $"--junitxml={reportFile}", "."])
            {
                WorkingDirectory = testsDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var (name, value) in environment)
                start.Environment[name] = value;
            start.Environment[TestEnvironment.ConfigVariable] = configFile;
            var inherited = start.Environment.TryGetValue("PYTHONPATH", out var existing) && !string.IsNullOrEmpty(existing) ? existing : null;
            start.Environment["PYTHONPATH"] = inherited is null ? pluginDirectory : pluginDirectory + Path.PathSeparator + inherited;
            start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
            PointAwsAtLocalStack(start, work);

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

    /// <summary>
    /// The local stack's endpoint and credentials for boto3 (AWS_ENDPOINT_URL; the plugin applies it where botocore
    /// predates that variable), and no way to the caller's own AWS credentials: no profile, token or config file.
    /// </summary>
    private void PointAwsAtLocalStack(ProcessStartInfo start, string work)
    {
        foreach (var name in RemovedAwsVariables)
            start.Environment.Remove(name);
        var none = Path.Combine(work, "no-aws-config");
        start.Environment["AWS_CONFIG_FILE"] = none;
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = none;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        if (aws?.Invoke() is not { } local)
        {
            foreach (var name in new[] { "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY" })
                start.Environment.Remove(name);
            return;
        }
        start.Environment["AWS_ENDPOINT_URL"] = local.Endpoint.ToString().TrimEnd('/');
        start.Environment["AWS_ACCESS_KEY_ID"] = local.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = local.SecretAccessKey;
        start.Environment["AWS_REGION"] = local.Region;
        start.Environment["AWS_DEFAULT_REGION"] = local.Region;
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
