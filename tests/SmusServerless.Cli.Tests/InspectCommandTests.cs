using System.Buffers.Binary;
using System.IO.Compression;

namespace SmusServerless.Cli.Tests;

public sealed class InspectCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly CliRunner _cli;
    private readonly string _zip;

    public InspectCommandTests()
    {
        _cli = new CliRunner(_directory.Path);
        SampleProject.Write(_directory.Combine("project"));
        _zip = _directory.Combine("out", "Sample-1.0.0.zip");
    }

    public void Dispose() => _directory.Dispose();

    private async Task BuildAsync()
    {
        var run = await _cli.RunAsync("bundle", "-p", "project", "-d", "out", "--version", "1.0.0", "--commit", "c0ffee", "--author", "dev@example.com");
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Shows_provenance_targets_in_order_and_the_file_table()
    {
        await BuildAsync();

        var run = await _cli.RunAsync("inspect", _zip);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("version     1.0.0", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("commit      c0ffee", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("author      dev@example.com", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"verified    {SampleProject.BundledFiles.Count} files", run.Stdout, StringComparison.Ordinal);
        var lines = run.Stdout.Split('\n');
        var dev = Array.FindIndex(lines, l => l.TrimStart().StartsWith("dev ", StringComparison.Ordinal));
        var prod = Array.FindIndex(lines, l => l.TrimStart().StartsWith("prod ", StringComparison.Ordinal));
        Assert.True(dev > 0 && prod > dev, run.ToString());
        Assert.Matches(@"dev\s+DEV\s+sample-domain \(us-east-1\)\s+dev-sample\s+yes\s+yes\s+no", lines[dev]);
        Assert.Matches(@"prod\s+PROD\s+sample-domain \(eu-west-1\)\s+prod-sample\s+yes\s+no\s+yes", lines[prod]);
        Assert.All(SampleProject.BundledFiles, file => Assert.Contains(lines, l => l.TrimStart().StartsWith(file + " ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Json_output_lists_every_file_with_its_hash_and_the_targets()
    {
        await BuildAsync();

        var run = await _cli.RunAsync("inspect", _zip, "--json");

        Assert.Equal(0, run.ExitCode);
        var document = run.Document();
        Assert.Equal("inspect", document.GetProperty("command").GetString());
        Assert.True(document.GetProperty("ok").GetBoolean());
        Assert.Equal(SampleProject.BundledFiles, document.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!));
        Assert.All(document.GetProperty("files").EnumerateArray(), f => Assert.Equal(64, f.GetProperty("sha256").GetString()!.Length));
        var targets = document.GetProperty("manifest").GetProperty("targets").EnumerateArray().ToList();
        Assert.Equal(["dev", "prod"], targets.Select(t => t.GetProperty("name").GetString()));
        Assert.True(targets[0].GetProperty("default").GetBoolean());
        Assert.True(targets[1].GetProperty("deploymentTarget").GetBoolean());
    }

    [Fact]
    public async Task Refuses_a_bundle_with_a_modified_byte()
    {
        await BuildAsync();
        var bytes = File.ReadAllBytes(_zip);
        // The first entry's data starts after its local header (30 bytes, the name, the extra field).
        var dataStart = 30 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(28));
        bytes[dataStart + 4] ^= 0x20;
        File.WriteAllBytes(_zip, bytes);

        var run = await _cli.RunAsync("inspect", _zip, "--json");

        Assert.Equal(1, run.ExitCode);
        var error = run.Document().GetProperty("error");
        Assert.Equal("bundle-refused", error.GetProperty("kind").GetString());
        Assert.Contains(error.GetProperty("reason").GetString(), new[] { "CrcMismatch", "CorruptData", "HashMismatch", "SizeMismatch" });
        Assert.Equal("pipeline.yaml", error.GetProperty("entry").GetString());
        Assert.Contains("bundle refused", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_path_traversal_entry_naming_the_reason_and_the_entry()
    {
        await BuildAsync();
        using (var archive = ZipFile.Open(_zip, ZipArchiveMode.Update))
        {
            using var writer = new StreamWriter(archive.CreateEntry("../outside.txt").Open());
            writer.Write("escaped");
        }

        var run = await _cli.RunAsync("inspect", _zip);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("PathTraversal", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("'../outside.txt'", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Refuses_a_file_that_is_not_a_zip()
    {
        File.WriteAllText(_directory.Combine("notes.zip"), "just some text, long enough to look for an end record");

        var run = await _cli.RunAsync("inspect", "notes.zip", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("NotAZip", run.Document().GetProperty("error").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_bundle_whose_manifest_needs_an_unset_variable_is_invalid_here()
    {
        File.WriteAllText(_directory.Combine("project", "pipeline.yaml"),
            SampleProject.Manifest.Replace("${SAMPLE_REGION:us-east-1}", "${SAMPLE_REGION}", StringComparison.Ordinal));
        _cli.Environment["SAMPLE_REGION"] = "us-west-2";
        await BuildAsync();
        _cli.Environment.Remove("SAMPLE_REGION");

        var run = await _cli.RunAsync("inspect", _zip);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("SAMPLE_REGION", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("pipeline.yaml is invalid", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_bundle_file_exits_1_naming_it()
    {
        var run = await _cli.RunAsync("inspect", "nowhere.zip");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("nowhere.zip: no such bundle file", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_bundle_argument_is_a_usage_error()
    {
        var run = await _cli.RunAsync("inspect");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("smus-serverless inspect --help", run.Stderr, StringComparison.Ordinal);
    }
}
