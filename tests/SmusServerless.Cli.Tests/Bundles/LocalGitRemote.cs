using System.Diagnostics;

namespace SmusServerless.Cli.Tests.Bundles;

/// <summary>
/// A bare repository in a temporary directory, reached as <c>https://git.example.test/org/tools.git</c> through a
/// <c>url.&lt;base&gt;.insteadOf</c> rule in a temporary GIT_CONFIG_GLOBAL (never the real ~/.gitconfig). Branches: main
/// (src/, docs/, README.md), feature (main + feature.txt) and develop (main + develop.txt), the remote's default branch.
/// </summary>
internal sealed class LocalGitRemote
{
    public const string Url = "https://git.example.test/org/tools.git";
    public const string CredentialedBase = "https://ci-user:s3cret-token@git.example.test/";

    private readonly string _root;
    private readonly Dictionary<string, string?> _environment;

    public LocalGitRemote(string root)
    {
        _root = root;
        Directory.CreateDirectory(root);
        var config = Path.Combine(root, "gitconfig");
        var remotes = Path.Combine(root, "remotes");
        File.WriteAllText(config, $"""
            [url "file://{remotes}/"]
            	insteadOf = https://git.example.test/
            	insteadOf = {CredentialedBase}
            """);
        Home = Path.Combine(root, "home");
        Temporary = Path.Combine(root, "tmp");
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(Temporary);
        _environment = new Dictionary<string, string?>
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH"),
            ["HOME"] = Home,
            ["GIT_CONFIG_GLOBAL"] = config,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["TMPDIR"] = Temporary,
        };

        var work = Path.Combine(root, "work");
        Git(root, "init", "-q", "-b", "main", work);
        Write(work, "README.md", "tools\n");
        Write(work, "src/tool.py", "print('tool')\n");
        Write(work, "src/cache.pyc", "x");
        Write(work, "docs/guide.md", "# guide\n");
        Commit(work, "main");
        Git(work, "checkout", "-q", "-b", "feature");
        Write(work, "feature.txt", "feature\n");
        Commit(work, "feature");
        Git(work, "checkout", "-q", "-b", "develop", "main");
        Write(work, "develop.txt", "develop\n");
        Commit(work, "develop");
        var bare = Path.Combine(remotes, "org", "tools.git");
        Git(root, "clone", "-q", "--bare", work, bare);
        Git(bare, "symbolic-ref", "HEAD", "refs/heads/develop");
        Commits = new Dictionary<string, string>
        {
            ["main"] = Git(bare, "rev-parse", "main"),
            ["feature"] = Git(bare, "rev-parse", "feature"),
            ["develop"] = Git(bare, "rev-parse", "develop"),
        };
    }

    public string Home { get; }

    /// <summary>The TMPDIR the CLI is given: where clones go, and must be gone from afterwards.</summary>
    public string Temporary { get; }

    public IReadOnlyDictionary<string, string> Commits { get; }

    /// <summary>What the CLI runs with: PATH, HOME, the temporary global config and TMPDIR.</summary>
    public void Configure(Dictionary<string, string?> environment)
    {
        foreach (var (key, value) in _environment)
            environment[key] = value;
    }

    private static void Write(string root, string path, string content)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private void Commit(string work, string message)
    {
        Git(work, "add", "-A");
        Git(work, "-c", "user.name=Test", "-c", "user.email=test@example.test", "commit", "-q", "-m", message);
    }

    private string Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["HOME"] = Path.Combine(_root, "home");
        start.Environment["GIT_CONFIG_GLOBAL"] = Path.Combine(_root, "gitconfig");
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        Directory.CreateDirectory(Path.Combine(_root, "home"));
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {error}");
        return output.Trim();
    }
}
