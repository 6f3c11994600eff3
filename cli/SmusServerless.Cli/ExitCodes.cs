namespace SmusServerless.Cli;

/// <summary>The CLI's exit codes, a contract CI scripts rely on (DESIGN.md §6).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Invalid input (manifest, bundle), a refused upload, a failed or rejected deployment.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong (unknown option, missing argument, a value it needs but lacks).</summary>
    public const int Usage = 2;
}
