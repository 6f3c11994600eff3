using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace SmusServerless.Cli.Tests.Signals;

/// <summary>
/// The CLI as a separate process (signals only mean something to a real process): its output is read as it comes,
/// a test waits for a line, sends a signal, and waits for the exit. A process that outlives its bound is killed and fails the test.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private readonly Task _reading;
    private TaskCompletionSource _lineArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CliProcess(Process process)
    {
        _process = process;
        _reading = Task.WhenAll(PumpAsync(process.StandardOutput, _stdout), PumpAsync(process.StandardError, _stderr));
    }

    /// <summary>Starts <c>smus-serverless</c> (the build the test project references) with <paramref name="arguments"/>.</summary>
    public static CliProcess Start(string workingDirectory, params string[] arguments)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "smus-serverless.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(cli);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("the CLI could not be started");
        process.StandardInput.Close();
        return new CliProcess(process);
    }

    public string Stdout { get { lock (_gate) return _stdout.ToString(); } }

    public string Stderr { get { lock (_gate) return _stderr.ToString(); } }

    /// <summary>Waits until stdout has a line containing <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (_stdout.ToString().Contains(text, StringComparison.Ordinal)) return;
                if (_process.HasExited && _reading.IsCompleted) break;
                arrived = _lineArrived.Task;
            }
            try
            {
                await arrived.WaitAsync(TimeSpan.FromMilliseconds(500), timeout.Token);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        Kill();
        Assert.Fail($"the CLI never printed '{text}' within {bound}:\n{this}");
    }

    public void Signal(int signal)
    {
        if (SendSignal(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>The exit code, once the process has ended within <paramref name="bound"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            await _reading;
        }
        catch (OperationCanceledException)
        {
            Kill();
            Assert.Fail($"the CLI did not end within {bound} of the signal:\n{this}");
        }
        return _process.ExitCode;
    }

    public override string ToString() => $"--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            TaskCompletionSource arrived;
            lock (_gate)
            {
                into.Append(line).Append('\n');
                arrived = _lineArrived;
                _lineArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            arrived.TrySetResult();
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
