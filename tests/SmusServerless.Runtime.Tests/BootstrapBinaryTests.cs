using System.Diagnostics;
using System.Text.Json;
using SmusServerless.Runtime.Tests.Fakes;

namespace SmusServerless.Runtime.Tests;

/// <summary>
/// Runs the published Native AOT <c>bootstrap</c> (scripts/build-bootstrap.sh → artifacts/bootstrap/bootstrap,
/// or the path in SMUS_BOOTSTRAP) as Lambda would, against the fake Runtime API.
/// </summary>
public sealed class BootstrapBinaryTests
{
    [Fact]
    public async Task Native_bootstrap_reports_an_unknown_handler_as_an_init_error_and_exits_1()
    {
        var bootstrap = LocateBootstrap();
        await using var api = await FakeRuntimeApi.StartAsync();
        var start = new ProcessStartInfo(bootstrap) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = api.Address;
        start.Environment["_HANDLER"] = "no-such-handler";
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "smus-probe";
        start.Environment["POWERTOOLS_SERVICE_NAME"] = "smus-pipeline";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var posted = await api.InitError;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        Assert.Equal("Runtime.UnknownHandler", posted.ErrorTypeHeader);
        Assert.StartsWith("No handler is registered as 'no-such-handler'",
            JsonDocument.Parse(posted.Body).RootElement.GetProperty("errorMessage").GetString());
        var line = JsonDocument.Parse((await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).First()).RootElement;
        Assert.Equal("Critical", line.GetProperty("level").GetString());
        Assert.Equal("smus-pipeline", line.GetProperty("service").GetString());
    }

    private static string LocateBootstrap()
    {
        var configured = Environment.GetEnvironmentVariable("SMUS_BOOTSTRAP");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new FileNotFoundException($"SMUS_BOOTSTRAP points at {configured}, which does not exist.");
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SmusServerless.sln")))
        {
            directory = directory.Parent;
        }

        var path = directory is null ? null : Path.Combine(directory.FullName, "artifacts", "bootstrap", "bootstrap");
        return path is not null && File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                "The Native AOT bootstrap is not built: run scripts/build-bootstrap.sh first (it writes artifacts/bootstrap/bootstrap), or set SMUS_BOOTSTRAP.");
    }
}
