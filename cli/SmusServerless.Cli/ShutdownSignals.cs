using System.Runtime.InteropServices;

namespace SmusServerless.Cli;

/// <summary>
/// SIGTERM (Docker, systemd, CI cancelling a job), SIGINT (Ctrl-C) and SIGQUIT become one cancellation the running
/// command sees, so it can stop cleanly: close its listeners, end or mark what it started. A second signal is not
/// intercepted and ends the process at once.
/// </summary>
public sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _received;

    public ShutdownSignals()
    {
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
    }

    public CancellationToken Token => _cancellation.Token;

    /// <summary>The first signal received, if any.</summary>
    public PosixSignal? Received => _received == 0 ? null : (PosixSignal)_received;

    /// <summary>
    /// A command that ended unsuccessfully because of a signal exits as shells report a signalled process
    /// (128 + the signal's number: 143 for SIGTERM, 130 for Ctrl-C); one that finished anyway keeps its own code.
    /// </summary>
    public int ExitCodeFor(int commandExitCode) =>
        Received is { } signal && commandExitCode != ExitCodes.Success ? ExitCodes.Signalled(signal) : commandExitCode;

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.CompareExchange(ref _received, (int)context.Signal, 0) != 0)
            return; // the second signal: the default action ends the process
        context.Cancel = true;
        _cancellation.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _cancellation.Dispose();
    }
}
