namespace SmusServerless.Cli;

/// <summary>The CLI's exit codes, a contract CI scripts rely on (DESIGN.md §6).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Invalid input (manifest, bundle), a refused upload, a failed or rejected deployment.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong (unknown option, missing argument, a value it needs but lacks).</summary>
    public const int Usage = 2;

    /// <summary><c>deploy</c>: the run reached an approval gate and waits for people (without <c>--wait-for-approval</c>); nothing failed, the run goes on.</summary>
    public const int AwaitingApproval = 3;

    /// <summary>Stopped by a signal before it could finish: 128 + the signal's number, as a shell reports it (SIGTERM 143, SIGINT 130, SIGQUIT 131).</summary>
    public static int Signalled(System.Runtime.InteropServices.PosixSignal signal) => 128 + signal switch
    {
        System.Runtime.InteropServices.PosixSignal.SIGINT => 2,
        System.Runtime.InteropServices.PosixSignal.SIGQUIT => 3,
        System.Runtime.InteropServices.PosixSignal.SIGTERM => 15,
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "not a signal the CLI stops on"),
    };
}
