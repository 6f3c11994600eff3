using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;

namespace SmusServerless.Cli.Tests;

/// <summary>
/// <c>bundle</c> is deterministic with no option: its times come from SOURCE_DATE_EPOCH, else the checkout's HEAD
/// commit, else the newest selected file; never from the clock.
/// </summary>
public sealed class BundleDeterminismTests : IDisposable
{
    private static readonly DateTimeOffset FileTime = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CommitTime = new(2025, 9, 15, 14, 30, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _directory = new();
    private readonly CliRunner _cli;
    private readonly string _project;

    public BundleDeterminismTests()
    {
        _cli = new CliRunner(_directory.Path);
        _project = SampleProject.Write(_directory.Combine("project"));
        foreach (var file in Directory.EnumerateFiles(_project, "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(file, FileTime.UtcDateTime);
    }

    public void Dispose() => _directory.Dispose();

    private async Task<(byte[] Bytes, string Created)> BundleAsync(string output)
    {
        var run = await _cli.RunAsync("bundle", "-p", "project", "-d", output, "--version", "1.0.0", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var path = run.Document().GetProperty("path").GetString()!;
        using var archive = ZipFile.OpenRead(path);
        using var descriptor = archive.GetEntry("bundle.json")!.Open();
        var created = JsonDocument.Parse(descriptor).RootElement.GetProperty("created").GetString()!;
        return (File.ReadAllBytes(path), created);
    }

    [Fact]
    public async Task Two_builds_a_second_apart_are_byte_identical_with_no_option()
    {
        var first = await BundleAsync("one");
        _cli.Now = _cli.Now.AddSeconds(1);
        var second = await BundleAsync("two");

        Assert.Equal(first.Bytes, second.Bytes);
    }

    [Fact]
    public async Task Outside_git_the_time_is_that_of_the_newest_selected_file()
    {
        var newest = FileTime.AddDays(3);
        File.SetLastWriteTimeUtc(Path.Combine(_project, "src", "app", "main.py"), newest.UtcDateTime);

        var (_, created) = await BundleAsync("out");

        Assert.Equal("2025-06-04T08:00:00Z", created);
    }

    [Fact]
    public async Task In_a_git_work_tree_the_time_is_that_of_the_HEAD_commit()
    {
        CommitAll(_project, CommitTime);

        var (_, created) = await BundleAsync("out");

        Assert.Equal("2025-09-15T14:30:00Z", created);
    }

    [Fact]
    public async Task SOURCE_DATE_EPOCH_wins_over_the_commit_time()
    {
        CommitAll(_project, CommitTime);
        _cli.Environment["SOURCE_DATE_EPOCH"] = "1767225600";

        var (_, created) = await BundleAsync("out");

        Assert.Equal("2026-01-01T00:00:00Z", created);
    }

    [Fact]
    public async Task The_text_output_says_where_the_time_came_from()
    {
        var run = await _cli.RunAsync("bundle", "-p", "project", "-d", "out", "--version", "1.0.0");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("created  2025-06-01T08:00:00Z (from the newest file)", run.Stdout, StringComparison.Ordinal);
    }

    private static void CommitAll(string directory, DateTimeOffset when)
    {
        var stamp = when.ToUnixTimeSeconds() + " +0000";
        Git(directory, null, "init", "-q");
        Git(directory, null, "add", "-A");
        Git(directory, stamp, "-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "-q", "-m", "initial");
    }

    private static void Git(string directory, string? date, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        if (date is not null)
        {
            start.Environment["GIT_AUTHOR_DATE"] = date;
            start.Environment["GIT_COMMITTER_DATE"] = date;
        }
        using var git = Process.Start(start)!;
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
    }
}
