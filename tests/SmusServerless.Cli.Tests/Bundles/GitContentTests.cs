using System.IO.Compression;

namespace SmusServerless.Cli.Tests.Bundles;

public sealed class GitContentTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly LocalGitRemote _remote;
    private readonly CliRunner _cli;

    public GitContentTests()
    {
        _remote = new LocalGitRemote(_directory.Combine("git"));
        _cli = new CliRunner(_directory.Path);
        _remote.Configure(_cli.Environment);
    }

    public void Dispose() => _directory.Dispose();

    private async Task<CliRun> BundleAsync(string gitItem)
    {
        Directory.CreateDirectory(_directory.Combine("project"));
        File.WriteAllText(_directory.Combine("project", "manifest.yaml"), $"""
            applicationName: GitApp
            content:
              git:
            {gitItem}
            stages:
              dev:
                stage: DEV
                domain:
                  name: studio
                  region: us-east-1
                project:
                  name: dev-project
            """);
        return await _cli.RunAsync("bundle", "-m", "project/manifest.yaml", "-o", "out", "--version", "1");
    }

    private static string Item(string url = LocalGitRemote.Url, string? branch = null, string extra = "") =>
        $"    - repository: tools\n      url: {url}\n" + (branch is null ? "" : $"      branch: {branch}\n") + extra;

    private List<string> Entries()
    {
        using var archive = ZipFile.OpenRead(_directory.Combine("out", "GitApp-1.zip"));
        return [.. archive.Entries.Select(e => e.FullName)];
    }

    [Fact]
    public async Task A_git_item_is_cloned_at_its_branch_into_repositories_without_its_git_directory()
    {
        var run = await BundleAsync(Item(branch: "feature"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            ["bundle.json", "pipeline.yaml", "repositories/tools/README.md", "repositories/tools/docs/guide.md", "repositories/tools/feature.txt",
                "repositories/tools/src/cache.pyc", "repositories/tools/src/tool.py"],
            Entries().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_bundle_command_prints_the_commit_cloned_for_each_repository()
    {
        var run = await BundleAsync(Item(branch: "feature"));

        Assert.Contains($"content.git[0] tools: {LocalGitRemote.Url} feature at {_remote.Commits["feature"]}", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_branch_the_remotes_default_branch_is_cloned()
    {
        var run = await BundleAsync(Item());

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("repositories/tools/develop.txt", Entries());
        Assert.DoesNotContain("repositories/tools/feature.txt", Entries());
        Assert.Contains($"develop at {_remote.Commits["develop"]}", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Include_and_exclude_are_relative_to_the_repository_root_and_keep_paths()
    {
        var run = await BundleAsync(Item(branch: "main", extra: "      include: ['src/', 'README.md']\n      exclude: ['*.pyc']\n"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["bundle.json", "pipeline.yaml", "repositories/tools/README.md", "repositories/tools/src/tool.py"], Entries().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_temporary_clone_is_removed_after_bundling()
    {
        await BundleAsync(Item());

        Assert.Empty(Directory.EnumerateFileSystemEntries(_remote.Temporary));
    }

    [Fact]
    public async Task An_unknown_branch_is_an_error_naming_the_item_and_the_branch()
    {
        var run = await BundleAsync(Item(branch: "no-such-branch"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("content.git[0] (tools): branch 'no-such-branch' does not exist", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_remote.Temporary));
        Assert.False(Directory.Exists(_directory.Combine("out")) && Directory.EnumerateFiles(_directory.Combine("out")).Any());
    }

    [Fact]
    public async Task A_failed_clone_shows_gits_message_with_the_urls_credentials_redacted()
    {
        var run = await BundleAsync(Item(url: LocalGitRemote.CredentialedBase + "org/missing.git"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("content.git[0] (tools): git clone https://***@git.example.test/org/missing.git failed", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_git_on_the_path_the_error_says_git_is_not_installed()
    {
        _cli.Environment["PATH"] = _directory.Combine("git", "home");

        var run = await BundleAsync(Item());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("content.git[0] (tools): git is not installed", run.Stderr, StringComparison.Ordinal);
    }
}
