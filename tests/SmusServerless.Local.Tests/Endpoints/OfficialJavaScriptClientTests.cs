using System.Diagnostics;
using SmusServerless.Local.DataZone;
using SmusServerless.Local.Endpoints;
using SmusServerless.Local.Tests.DataZone;
using Xunit.Abstractions;

namespace SmusServerless.Local.Tests.Endpoints;

/// <summary>
/// Runs <c>node --test tests/js-clients</c>: the official AWS SDK for JavaScript v3 clients against a freshly started
/// local host (seeded with <c>tests/js-clients/seed.json</c>). Needs node on PATH (or NODE) and the clients in .tools/.
/// </summary>
[Trait("Category", "OfficialClients")]
public sealed class OfficialJavaScriptClientTests(ITestOutputHelper output)
{
    private static readonly string[] Clients = ["client-datazone", "client-sfn", "client-eventbridge"];

    [Fact]
    public async Task Official_javascript_sdk_clients_work_against_the_local_endpoints()
    {
        var root = RepositoryRoot();
        var tools = Environment.GetEnvironmentVariable("SMUS_JS_SDK_DIR") ?? Path.Combine(root, ".tools");
        var missing = Clients.Where(c => !Directory.Exists(Path.Combine(tools, "node_modules", "@aws-sdk", c))).ToArray();
        Assert.True(missing.Length == 0,
            $"Official AWS SDK clients missing in {tools}: {string.Join(", ", missing)}. Install them with: " +
            "npm install --prefix .tools @aws-sdk/client-datazone@3.1048.0 @aws-sdk/client-sfn@3.1162.0 @aws-sdk/client-eventbridge@3.1169.0");

        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await LocalAwsHost.StartAsync(new LocalAwsHostOptions
        {
            TimeProvider = clock,
            Seed = DataZoneSeed.Load(Path.Combine(root, "tests", "js-clients", "seed.json")),
            StepFunctions = new InMemoryStepFunctionsBackend(clock),
        });

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("NODE") ?? "node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--test", "--test-reporter=spec", "tests/js-clients/" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SMUS_LOCAL_ENDPOINT"] = host.BaseUrl.ToString().TrimEnd('/');
        start.Environment["AWS_ACCESS_KEY_ID"] = host.Credentials.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = host.Credentials.SecretAccessKey;
        start.Environment["AWS_REGION"] = host.Credentials.Region;
        start.Environment["SMUS_JS_SDK_DIR"] = tools;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started (set NODE or put node on PATH).");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var log = await stdout + await stderr;
        output.WriteLine(log);
        Assert.True(process.ExitCode == 0, $"node --test tests/js-clients failed (exit {process.ExitCode}):\n{log}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SmusServerless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"SmusServerless.sln not found above {AppContext.BaseDirectory}.");
    }
}
