using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using SmusServerless.Core.Bundle;

namespace SmusServerless.Core.Tests.Bundle;

public sealed class BundleWriterTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);
    private static readonly BundleMetadata Metadata = new("DemoMarketingPipeline", "1.4.0", Created, new BundleSource("0123abc", "dev@example.com", "https://example.com/repo"));

    private static InMemorySourceTree SampleTree() => new InMemorySourceTree()
        .File("pipeline.yaml", "pipelineName: DemoMarketingPipeline\n")
        .File("src/notebooks/analysis.ipynb", "{\"cells\": []}")
        .File("src/sql/query.sql", "select 1;\n")
        .File("src/empty.txt", "")
        .File("workflows/dags/sample_dag.py", "from airflow import DAG\n")
        .File("src/données/naïve.csv", "a,b\n1,2\n");

    private static readonly BundleContentRule[] Rules =
    [
        new(BundleArea.Storage, ["src"], ["__pycache__/"]),
        new(BundleArea.Workflows, ["workflows"], []),
    ];

    internal static async Task<(byte[] Zip, BundleDescriptor Descriptor)> BuildAsync(ISourceTree tree, BundleContentRule[] rules, BundleWriter? writer = null, BundleMetadata? metadata = null)
    {
        var files = await new BundleContentSelector().SelectAsync(tree, rules, CancellationToken.None);
        using var output = new MemoryStream();
        var descriptor = await (writer ?? new BundleWriter()).WriteAsync(output, metadata ?? Metadata, files, tree, CancellationToken.None);
        return (output.ToArray(), descriptor);
    }

    [Fact]
    public async Task Round_trip_reads_every_file_back_with_its_hash_verified()
    {
        var tree = SampleTree();
        var (zip, _) = await BuildAsync(tree, Rules);
        var reader = await ZipCrafter.OpenAsync(zip);

        var verification = await reader.VerifyAsync(CancellationToken.None);

        Assert.Equal(6, verification.Files);
        foreach (var file in reader.Descriptor.Files)
        {
            var bytes = await reader.ReadAllBytesAsync(file.Path, CancellationToken.None);
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
        Assert.Equal("select 1;\n", Encoding.UTF8.GetString(await reader.ReadAllBytesAsync("storage/src/sql/query.sql", CancellationToken.None)));
    }

    [Fact]
    public async Task Bundle_json_describes_name_version_created_source_and_every_file()
    {
        var (zip, descriptor) = await BuildAsync(SampleTree(), Rules);
        var reader = await ZipCrafter.OpenAsync(zip);

        Assert.Equal(descriptor, reader.Descriptor with { Files = descriptor.Files });
        Assert.Equal(descriptor.Files, reader.Descriptor.Files);
        Assert.Equal(["pipeline.yaml", "storage/src/donn\u00e9es/na\u00efve.csv", "storage/src/empty.txt", "storage/src/notebooks/analysis.ipynb", "storage/src/sql/query.sql", "workflows/dags/sample_dag.py"],
            descriptor.Files.Select(f => f.Path));
        var emptyFile = descriptor.Files.Single(f => f.Path == "storage/src/empty.txt");
        Assert.Equal(0, emptyFile.Size);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", emptyFile.Sha256);

        var json = Encoding.UTF8.GetString(await reader.ReadAllBytesAsync("bundle.json", CancellationToken.None));
        Assert.Contains("\"created\": \"2026-01-31T12:00:00Z\"", json);
        Assert.Contains("\"formatVersion\": 1", json);
        Assert.Contains("\"commit\": \"0123abc\"", json);
    }

    [Fact]
    public async Task Entries_are_in_name_order_with_bundle_json_last()
    {
        var (zip, _) = await BuildAsync(SampleTree(), Rules);
        var names = (await ZipCrafter.OpenAsync(zip)).Entries.Select(e => e.Name).ToList();

        Assert.Equal("bundle.json", names[^1]);
        Assert.Equal(names.SkipLast(1).Order(StringComparer.Ordinal), names.SkipLast(1));
    }

    [Fact]
    public async Task Two_builds_of_the_same_inputs_are_byte_identical()
    {
        var (first, _) = await BuildAsync(SampleTree(), Rules);
        var (second, _) = await BuildAsync(SampleTree(), Rules);

        Assert.Equal(Convert.ToHexString(SHA256.HashData(first)), Convert.ToHexString(SHA256.HashData(second)));
    }

    [Fact]
    public async Task Another_creation_time_gives_another_bundle()
    {
        var (first, _) = await BuildAsync(SampleTree(), Rules);
        var (second, _) = await BuildAsync(SampleTree(), Rules, metadata: Metadata with { Created = Created.AddSeconds(1) });

        Assert.NotEqual(SHA256.HashData(first), SHA256.HashData(second));
    }

    [Fact]
    public async Task Entries_carry_a_fixed_time_and_a_regular_file_mode_that_other_tools_read()
    {
        var (zip, _) = await BuildAsync(SampleTree(), Rules);
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);

        Assert.All(archive.Entries, e =>
        {
            Assert.Equal(new DateTime(1980, 1, 1), e.LastWriteTime.DateTime);
            Assert.Equal(0x81A4u, (uint)e.ExternalAttributes >> 16);
        });
        using var reader = new StreamReader(archive.GetEntry("workflows/dags/sample_dag.py")!.Open());
        Assert.Equal("from airflow import DAG\n", reader.ReadToEnd());
    }

    [Fact]
    public async Task Zip64_records_written_by_the_writer_read_back()
    {
        var (zip, descriptor) = await BuildAsync(SampleTree(), Rules, new BundleWriter(CompressionLevel.Optimal, forceZip64: true));

        var reader = await ZipCrafter.OpenAsync(zip);
        Assert.Equal(descriptor.Files.Count, (await reader.VerifyAsync(CancellationToken.None)).Files);
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        Assert.Equal(7, archive.Entries.Count);
        Assert.Equal(0x06064b50u, BitConverter.ToUInt32(zip, zip.Length - 22 - 20 - 56));
    }

    [Fact]
    public async Task Refuses_a_file_that_changes_while_it_is_bundled()
    {
        var tree = SampleTree();
        var files = await new BundleContentSelector().SelectAsync(tree, Rules, CancellationToken.None);
        tree.ChangeContentKeepingLength("src/sql/query.sql", Encoding.UTF8.GetBytes("select 1; -- and more\n"));

        var error = await Assert.ThrowsAsync<IOException>(() => new BundleWriter().WriteAsync(new MemoryStream(), Metadata, files, tree, CancellationToken.None));
        Assert.Contains("src/sql/query.sql", error.Message);
    }

    [Fact]
    public async Task Refuses_a_non_seekable_output()
    {
        var tree = SampleTree();
        var files = await new BundleContentSelector().SelectAsync(tree, Rules, CancellationToken.None);
        await Assert.ThrowsAsync<ArgumentException>(() => new BundleWriter().WriteAsync(new NonSeekableStream(), Metadata, files, tree, CancellationToken.None));
    }

    [Theory]
    [InlineData("1bad", "1.0.0")]
    [InlineData("Good", "../1")]
    [InlineData("Good", "")]
    public async Task Refuses_invalid_names_and_versions(string name, string version)
    {
        var tree = SampleTree();
        var files = await new BundleContentSelector().SelectAsync(tree, Rules, CancellationToken.None);
        await Assert.ThrowsAsync<ArgumentException>(() => new BundleWriter().WriteAsync(new MemoryStream(), Metadata with { Name = name, Version = version }, files, tree, CancellationToken.None));
    }

    [Fact]
    public void File_name_is_name_dash_version_dot_zip() =>
        Assert.Equal("DemoMarketingPipeline-1.4.0.zip", BundleNaming.FileName("DemoMarketingPipeline", "1.4.0"));

    [Fact]
    public async Task A_small_bundle_opens_with_two_reads()
    {
        var (zip, _) = await BuildAsync(SampleTree(), Rules);
        var source = new CountingSource(new StreamRandomAccessSource(new MemoryStream(zip)));

        await BundleReader.OpenAsync(source);

        Assert.Equal(2, source.Reads); // the tail (end records + central directory), then bundle.json's header and data
    }

    private sealed class NonSeekableStream : MemoryStream
    {
        public override bool CanSeek => false;
    }
}
