using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using SmusServerless.Core.Bundle;

namespace SmusServerless.Cli.Bundles;

/// <summary>Where a bundle's default creation time came from (shown by <c>bundle</c>).</summary>
public sealed record ResolvedSourceTime(DateTimeOffset Time, string Origin);

/// <summary>
/// The time a checkout itself gives, for a bundle built with no <c>SOURCE_DATE_EPOCH</c>: the commit time of HEAD when
/// the manifest's folder is in a git work tree and <c>git</c> is on the PATH (the user's own git, read-only), else the
/// newest modification time of the files selected for the bundle. Either way the same checkout gives the same time,
/// so two builds of it are byte-identical with no option.
/// </summary>
public static class SourceTime
{
    private static readonly TimeSpan GitBound = TimeSpan.FromSeconds(30);

    public static ResolvedSourceTime Resolve(string directory, IEnumerable<BundleContentFile> files)
    {
        if (HeadCommitTime(directory) is { } committed)
            return new ResolvedSourceTime(committed, "the HEAD commit");
        return new ResolvedSourceTime(NewestModification(directory, files), "the newest file");
    }

    /// <summary>HEAD's committer time, or null when there is no git, no work tree or no commit yet.</summary>
    public static DateTimeOffset? HeadCommitTime(string directory)
    {
        var start = new ProcessStartInfo("git", ["-C", directory, "log", "-1", "--format=%ct", "HEAD"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        // A repository owned by someone else would make git refuse with a warning; that is "no commit time" here too.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        try
        {
            using var git = Process.Start(start);
            if (git is null)
                return null;
            git.StandardInput.Close();
            var output = git.StandardOutput.ReadToEndAsync();
            _ = git.StandardError.ReadToEndAsync();
            if (!git.WaitForExit(GitBound))
            {
                git.Kill(entireProcessTree: true);
                return null;
            }
            return git.ExitCode == 0 && long.TryParse(output.Result.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Win32Exception)
        {
            return null; // git is not installed
        }
    }

    /// <summary>The newest last-write time among the selected files (they always include the manifest).</summary>
    public static DateTimeOffset NewestModification(string directory, IEnumerable<BundleContentFile> files)
    {
        var newest = DateTimeOffset.UnixEpoch;
        foreach (var file in files)
        {
            var written = new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(directory, file.SourcePath)), TimeSpan.Zero);
            if (written > newest)
                newest = written;
        }
        return newest;
    }
}
