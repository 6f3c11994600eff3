using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace SmusServerless.Cli.Bundles;

/// <summary>What one shallow clone gave: its directory, the commit checked out and the branch it is on.</summary>
public sealed record ClonedRepository(string Directory, string Commit, string Branch);

/// <summary>Why a clone failed, for a person to act on (credentials in URLs already redacted).</summary>
public sealed class GitCloneException(string message) : Exception(message);

/// <summary>
/// Clones with the user's own <c>git</c> (found on the PATH of the given environment), so their credential helpers and
/// <c>url.&lt;base&gt;.insteadOf</c> rules apply: no <c>-c</c> overrides, the URL as written, the environment as given plus
/// <c>GIT_TERMINAL_PROMPT=0</c> (a CI job must fail, not wait for a password). <c>--depth 1</c>, at the branch given or
/// the remote's default branch. Each git call is bounded by the timeout and killed, with its children, on cancellation.
/// </summary>
public sealed partial class GitCloner(IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Clones <paramref name="url"/> into <paramref name="destination"/> (which must not exist yet).</summary>
    public async Task<ClonedRepository> CloneAsync(string url, string? branch, string destination, CancellationToken cancellationToken)
    {
        var git = FindGit() ?? throw new GitCloneException("git is not installed (no 'git' on the PATH): install git to bundle content.git items");
        List<string> arguments = ["clone", "--depth", "1", "--quiet"];
        if (branch is not null)
            arguments.AddRange(["--branch", branch]);
        arguments.AddRange(["--", url, destination]);
        var clone = await RunAsync(git, arguments, cancellationToken).ConfigureAwait(false);
        if (clone.ExitCode != 0)
        {
            var stderr = Redact(clone.Stderr.Trim());
            if (branch is not null && RemoteBranchNotFound().IsMatch(clone.Stderr))
                throw new GitCloneException($"branch '{branch}' does not exist in {Redact(url)}");
            throw new GitCloneException($"git clone {Redact(url)} failed (exit {clone.ExitCode}): {(stderr.Length == 0 ? "no message" : stderr)}");
        }
        var head = await RunAsync(git, ["-C", destination, "rev-parse", "HEAD"], cancellationToken).ConfigureAwait(false);
        if (head.ExitCode != 0)
            throw new GitCloneException($"{Redact(url)} has no commits{(branch is null ? "" : $" on branch '{branch}'")}");
        var name = await RunAsync(git, ["-C", destination, "symbolic-ref", "--short", "-q", "HEAD"], cancellationToken).ConfigureAwait(false);
        return new ClonedRepository(destination, head.Stdout.Trim(), name.ExitCode == 0 ? name.Stdout.Trim() : branch ?? "(detached)");
    }

    /// <summary>Credentials written into a URL (<c>https://user:token@host/…</c>) become <c>***</c>, wherever they appear.</summary>
    public static string Redact(string text) => UserInfo().Replace(text, "://***@");

    private sealed record GitResult(int ExitCode, string Stdout, string Stderr);

    private async Task<GitResult> RunAsync(string git, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(git)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment.Clear();
        foreach (var (key, value) in environment)
            if (value is not null) start.Environment[key] = value;
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new GitCloneException($"git could not be started ({git})");
        }
        catch (Win32Exception e)
        {
            throw new GitCloneException($"git could not be started ({git}): {e.Message}");
        }
        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                cancellationToken.ThrowIfCancellationRequested();
                throw new GitCloneException($"git {arguments[0]} did not finish within {timeout.TotalSeconds:0} s and was stopped");
            }
            return new GitResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // it exited meanwhile
        }
    }

    /// <summary>The first executable <c>git</c> on the environment's PATH (the user's, not necessarily this process's).</summary>
    private string? FindGit()
    {
        var path = environment.GetValueOrDefault("PATH");
        if (string.IsNullOrEmpty(path))
            return null;
        var names = OperatingSystem.IsWindows() ? new[] { "git.exe", "git.cmd" } : ["git"];
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
                    return candidate;
            }
        }
        return null;
    }

    [GeneratedRegex(@"://[^/@\s]+@")]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"Remote branch .+ not found|couldn't find remote ref", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteBranchNotFound();
}
