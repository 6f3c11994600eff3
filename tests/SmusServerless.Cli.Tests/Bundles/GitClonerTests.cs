using System.Diagnostics;
using SmusServerless.Cli.Bundles;

namespace SmusServerless.Cli.Tests.Bundles;

/// <summary>The clone's bounds, with a stand-in git that never finishes.</summary>
public sealed class GitClonerTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly Dictionary<string, string?> _environment;

    public GitClonerTests()
    {
        var bin = _directory.Combine("bin");
        Directory.CreateDirectory(bin);
        var git = Path.Combine(bin, "git");
        File.WriteAllText(git, "#!/bin/sh\necho $$ > \"$PIDFILE\"\nexec sleep 60\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(git, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _environment = new() { ["PATH"] = bin + ":/usr/bin:/bin", ["PIDFILE"] = _directory.Combine("git.pid") };
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_clone_that_outlives_its_bound_is_stopped_and_reported()
    {
        var cloner = new GitCloner(_environment, TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<GitCloneException>(() => cloner.CloneAsync("https://example.test/r.git", null, _directory.Combine("clone"), CancellationToken.None));

        Assert.Contains("did not finish within", error.Message, StringComparison.Ordinal);
        AssertGitExited();
    }

    [Fact]
    public async Task Cancelling_kills_the_git_process()
    {
        var cloner = new GitCloner(_environment, TimeSpan.FromMinutes(1));
        using var cancel = new CancellationTokenSource();
        var clone = cloner.CloneAsync("https://example.test/r.git", null, _directory.Combine("clone"), cancel.Token);
        while (!File.Exists(_directory.Combine("git.pid")))
            await Task.Delay(10);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => clone);
        AssertGitExited();
    }

    [Fact]
    public void Credentials_in_urls_are_redacted_wherever_they_appear()
    {
        Assert.Equal("fatal: https://***@host/r.git and ssh://***@h/x", GitCloner.Redact("fatal: https://user:tok@host/r.git and ssh://git@h/x"));
    }

    private void AssertGitExited()
    {
        var pid = int.Parse(File.ReadAllText(_directory.Combine("git.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using var process = Process.GetProcessById(pid);
            Assert.True(process.HasExited || process.WaitForExit(2000), $"git (pid {pid}) still runs");
        }
        catch (ArgumentException)
        {
            // gone
        }
    }
}
