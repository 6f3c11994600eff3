using System.Diagnostics;
using System.Text;

namespace SmusServerless.Cli.Tests.Packaging;

/// <summary>What a finished child process gave.</summary>
internal sealed record ExternalRun(string Command, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"{Command}: exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs a program to its end with captured output; a run that outlives its bound is killed (with its children) and fails.</summary>
internal static class ExternalCommand
{
    public static async Task<ExternalRun> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, TimeSpan bound,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        var command = $"{Path.GetFileName(program)} {string.Join(' ', start.ArgumentList)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} could not be started");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{command} did not end within {bound}:\n{await stdout}\n{await stderr}");
        }
        return new ExternalRun(command, process.ExitCode, await stdout, await stderr);
    }
}
