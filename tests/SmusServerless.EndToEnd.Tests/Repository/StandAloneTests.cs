using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SmusServerless.EndToEnd.Tests.Repository;

/// <summary>
/// The product stands alone: nothing it, its scripts or its tests run reads the team's reference shelf that may sit
/// beside a checkout (a <c>shared</c> folder next to it). Markdown may mention it; <c>bench/</c> may install a peer tool from it to
/// compare against (and skips that column when it is absent).
/// </summary>
public sealed partial class StandAloneTests
{
    // Written so that this file does not match itself: the word is split wherever it would stand next to a path.
    [GeneratedRegex(@"\.\.[/\\]shared\b|\bshared[/\\]aws-models|[""']\.\.[""']\s*,\s*[""']shared[""']|[""']shared[""']\s*,\s*[""']aws-models[""']")]
    private static partial Regex ReadsTheShelf();

    [Theory]
    [InlineData("var root = \"../sha" + "red/models\";")]
    [InlineData("var models = \"sha" + "red/aws-models\";")]
    [InlineData("Path.Combine(root, \"..\", \"sha" + "red\", \"models\")")]
    [InlineData("MODELS = os.path.join(ROOT, 'sha" + "red', 'aws-models')")]
    [InlineData("export MODELS=$repo\\..\\sha" + "red")]
    public void A_line_that_reads_the_shelf_is_recognised(string line) => Assert.Matches(ReadsTheShelf(), line);

    [Theory]
    [InlineData("connectionName: default.s3_shared")]
    [InlineData("vendor/aws-models/datazone/service-2.json")]
    [InlineData("the shared AWS config")]
    public void A_line_that_only_says_shared_is_not(string line) => Assert.DoesNotMatch(ReadsTheShelf(), line);

    [Fact]
    public void No_tracked_file_but_Markdown_and_bench_reads_the_shelf()
    {
        var offenders = new List<string>();
        foreach (var file in TrackedFiles())
        {
            if (file.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || file.StartsWith("bench/", StringComparison.Ordinal))
                continue;
            var path = TestRepository.PathOf(file);
            if (!File.Exists(path) || new FileInfo(path).Length > 4 << 20)
                continue;
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                if (ReadsTheShelf().IsMatch(lines[i]))
                    offenders.Add($"{file}:{i + 1}: {lines[i].Trim()}");
            }
        }
        Assert.True(offenders.Count == 0, "These lines read the reference shelf beside the repository:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_files_are_listed_from_git()
    {
        // The scan above is only as good as its file list.
        var files = TrackedFiles();
        Assert.Contains("template.yaml", files);
        Assert.Contains("local/SmusServerless.Local/Endpoints/Protocol/ServiceModels.cs", files);
    }

    private static IReadOnlyList<string> TrackedFiles()
    {
        var start = new ProcessStartInfo("git", ["ls-files", "-z"])
        {
            WorkingDirectory = TestRepository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git could not be started");
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, "git ls-files failed: " + git.StandardError.ReadToEnd());
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }
}
