using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using SmusServerless.Core.Bundle;
using SmusServerless.Local.Files;

namespace SmusServerless.Local.Tests.Files;

/// <summary>The file-system adapters of the bundle ports, on a real temporary directory.</summary>
public sealed class FileAdapterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("smus-files-").FullName;

    private string Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Random_access_source_reads_at_offsets_and_short_at_the_end()
    {
        var path = Write("data.bin", "0123456789");
        using var source = FileRandomAccessSource.Open(path);
        var buffer = new byte[4];

        Assert.Equal(10, source.Length);
        Assert.Equal(4, await source.ReadAsync(3, buffer, CancellationToken.None));
        Assert.Equal("3456", Encoding.ASCII.GetString(buffer));
        Assert.Equal(2, await source.ReadAsync(8, buffer, CancellationToken.None));
        Assert.Equal(0, await source.ReadAsync(10, buffer, CancellationToken.None));
    }

    [Fact]
    public async Task Source_tree_lists_files_and_directories_with_relative_paths()
    {
        Write("src/a.py", "abc");
        Write("src/sub/b.py", "b");
        var tree = new DirectorySourceTree(_root);

        var children = new List<SourceEntry>();
        await foreach (var entry in tree.ListAsync("src", CancellationToken.None))
            children.Add(entry);

        Assert.Equal([new SourceEntry("src/a.py", SourceEntryKind.File, 3), new SourceEntry("src/sub", SourceEntryKind.Directory, 0)],
            children.OrderBy(c => c.Path, StringComparer.Ordinal));
        Assert.Null(await tree.GetEntryAsync("missing", CancellationToken.None));
    }

    [Fact]
    public async Task Source_tree_reports_links_without_following_them()
    {
        Write("src/real.py", "x");
        File.CreateSymbolicLink(Path.Combine(_root, "src", "link.py"), Path.Combine(_root, "src", "real.py"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "src", "linked-dir"), "/etc");
        File.CreateSymbolicLink(Path.Combine(_root, "src", "dangling"), "/nonexistent/target");
        var tree = new DirectorySourceTree(_root);

        Assert.Equal(SourceEntryKind.SymbolicLink, (await tree.GetEntryAsync("src/link.py", CancellationToken.None))!.Kind);
        Assert.Equal(SourceEntryKind.SymbolicLink, (await tree.GetEntryAsync("src/linked-dir", CancellationToken.None))!.Kind);
        Assert.Equal(SourceEntryKind.SymbolicLink, (await tree.GetEntryAsync("src/dangling", CancellationToken.None))!.Kind);
    }

    [Fact]
    public async Task Source_tree_reports_a_fifo_as_special()
    {
        Assert.True(OperatingSystem.IsLinux(), "these tests run on Linux");
        var fifo = Path.Combine(_root, "pipe");
        Assert.Equal(0, MakeFifo(fifo, 0x1B6));
        var tree = new DirectorySourceTree(_root);

        Assert.Equal(SourceEntryKind.Special, (await tree.GetEntryAsync("pipe", CancellationToken.None))!.Kind);
    }

    [Fact]
    public async Task An_empty_regular_file_is_a_file()
    {
        Write("empty.txt", "");
        Assert.Equal(new SourceEntry("empty.txt", SourceEntryKind.File, 0), await new DirectorySourceTree(_root).GetEntryAsync("empty.txt", CancellationToken.None));
    }

    [Fact]
    public async Task Source_tree_refuses_paths_leaving_the_root()
    {
        var tree = new DirectorySourceTree(_root);
        await Assert.ThrowsAsync<ArgumentException>(async () => await tree.GetEntryAsync("../etc/passwd", CancellationToken.None));
    }

    [Fact]
    public async Task Bundles_a_checkout_on_disk_and_reads_it_back_from_the_file()
    {
        Write("pipeline.yaml", "pipelineName: Demo\n");
        Write("src/etl/job.py", "print('job')\n");
        Write("src/etl/__pycache__/job.cpython-312.pyc", "bytecode");
        Write("workflows/dags/sample_dag.py", "dag = 1\n");
        Write("bundles/Demo-0.1.0.zip", "an older bundle");
        var tree = new DirectorySourceTree(_root);
        var files = await new BundleContentSelector().SelectAsync(tree,
            [new(BundleArea.Storage, ["*"], ["__pycache__/", "workflows"]), new(BundleArea.Workflows, ["workflows"], [])], CancellationToken.None);
        var zipPath = Path.Combine(_root, "bundles", BundleNaming.FileName("Demo", "1.0.0"));

        await using (var output = File.Create(zipPath))
            await new BundleWriter().WriteAsync(output, new BundleMetadata("Demo", "1.0.0", DateTimeOffset.UnixEpoch, new BundleSource("abc", "me")), files, tree, CancellationToken.None);

        using var source = FileRandomAccessSource.Open(zipPath);
        var reader = await BundleReader.OpenAsync(source);
        await reader.VerifyAsync(CancellationToken.None);
        Assert.Equal(["pipeline.yaml", "storage/src/etl/job.py", "workflows/dags/sample_dag.py"], reader.Descriptor.Files.Select(f => f.Path));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(_root, "src/etl/job.py")))),
            reader.Descriptor.Files.Single(f => f.Path == "storage/src/etl/job.py").Sha256);
    }

    [Fact]
    public async Task Refuses_to_bundle_a_checkout_with_a_symbolic_link()
    {
        Write("pipeline.yaml", "pipelineName: Demo\n");
        Write("src/a.py", "a");
        File.CreateSymbolicLink(Path.Combine(_root, "src", "secrets"), "/etc/shadow");

        var error = await Assert.ThrowsAsync<BundleContentException>(() =>
            new BundleContentSelector().SelectAsync(new DirectorySourceTree(_root), [new(BundleArea.Storage, ["src"], [])], CancellationToken.None));
        Assert.Contains("'src/secrets' is a symbolic link", error.Message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
