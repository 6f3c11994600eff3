using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using SmusServerless.Cli.Bundles;

namespace SmusServerless.Cli.Tests.Bundles;

public sealed class SmusCliArchiveTests : IDisposable
{
    private const string Manifest = """
        applicationName: LegacyApp
        content:
          storage:
            - name: notebooks
              include: ['notebooks/']
          git:
            - repository: tools
              url: https://github.com/example/tools.git
          quicksight:
            - name: Sales
              type: dashboard
        stages:
          dev:
            stage: DEV
            domain:
              name: studio
              region: us-east-1
            project:
              name: dev-project
        """;

    private readonly TemporaryDirectory _directory = new();
    private readonly Dictionary<string, string?> _environment = new() { ["SOURCE_DATE_EPOCH"] = null };

    public SmusCliArchiveTests() => File.WriteAllText(_directory.Combine("manifest.yaml"), Manifest);

    public void Dispose() => _directory.Dispose();

    private string Archive(params string[] entries)
    {
        var path = _directory.Combine("LegacyApp.zip");
        File.Delete(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var name in entries)
        {
            var entry = zip.CreateEntry(name);
            entry.LastWriteTime = new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.Zero);
            using var stream = entry.Open();
            stream.Write(Encoding.UTF8.GetBytes("content of " + name));
        }
        return path;
    }

    private Task<SmusCliImportResult> ImportAsync(string archive, string output = "out") =>
        SmusCliArchive.ImportAsync(
            new CliContext(TextWriter.Null, TextWriter.Null, _environment, _directory.Path, TimeProvider.System, new NoObjectStores()),
            new SmusCliImportRequest("manifest.yaml", archive, output) { Version = "1.0.0" },
            CancellationToken.None);

    private static List<string> Entries(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return [.. archive.Entries.Select(e => e.FullName)];
    }

    [Fact]
    public async Task Entries_map_to_our_layout_with_the_raw_manifest_and_a_generated_bundle_json()
    {
        var archive = Archive("notebooks/a.ipynb", "notebooks/sub/b.ipynb", "repositories/tools/lib/x.py", "quicksight/Sales.qs");

        var result = await ImportAsync(archive);

        Assert.Equal(
            ["pipeline.yaml", "quicksight/Sales.qs", "repositories/tools/lib/x.py", "storage/notebooks/a.ipynb", "storage/notebooks/sub/b.ipynb", "bundle.json"],
            Entries(result.Bundle.FullPath));
        Assert.Equal(Path.Combine(_directory.Path, "out", "LegacyApp-1.0.0.zip"), result.Bundle.FullPath);
        Assert.Equal(Manifest, result.Bundle.ManifestText);
        Assert.Equal(("LegacyApp", "1.0.0"), (result.Bundle.Descriptor.Name, result.Bundle.Descriptor.Version));
        Assert.Equal((2, 1, 1), (result.StorageFiles, result.RepositoryFiles, result.QuickSightFiles));
    }

    [Fact]
    public async Task The_same_archive_gives_the_same_bundle_bytes()
    {
        var archive = Archive("notebooks/a.ipynb", "repositories/tools/lib/x.py");

        var first = await ImportAsync(archive, "out1");
        var second = await ImportAsync(archive, "out2");

        Assert.Equal(SHA256.HashData(File.ReadAllBytes(first.Bundle.FullPath)), SHA256.HashData(File.ReadAllBytes(second.Bundle.FullPath)));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.Zero), first.Bundle.Descriptor.Created);
    }

    [Fact]
    public async Task Entries_that_belong_to_no_item_of_the_manifest_are_refused_by_name()
    {
        var archive = Archive("notebooks/a.ipynb", "scratch/tmp.txt", "repositories/other/y.py", "quicksight/Unknown.qs");

        var error = await Assert.ThrowsAsync<CommandFailedException>(() => ImportAsync(archive));

        Assert.Contains("3 entries belong to no item of manifest.yaml: 'quicksight/Unknown.qs', 'repositories/other/y.py', 'scratch/tmp.txt'", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory.Combine("out")) && Directory.EnumerateFiles(_directory.Combine("out")).Any());
    }

    [Fact]
    public async Task An_unsafe_entry_name_is_refused()
    {
        var archive = Archive("notebooks/a.ipynb", "../evil.sh");

        var error = await Assert.ThrowsAsync<CommandFailedException>(() => ImportAsync(archive));

        Assert.Contains("unsafe names", error.Message, StringComparison.Ordinal);
        Assert.Contains("'../evil.sh'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pipeline_format_manifest_is_refused()
    {
        var sample = SampleProject.Write(_directory.Combine("sample"));
        File.WriteAllText(_directory.Combine("manifest.yaml"), File.ReadAllText(Path.Combine(sample, "pipeline.yaml")));

        var error = await Assert.ThrowsAsync<CommandFailedException>(() => ImportAsync(Archive("notebooks/a.ipynb")));

        Assert.Contains("is not an application manifest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_tests_folder_is_added_from_the_manifests_folder_when_the_archive_lacks_it()
    {
        File.WriteAllText(_directory.Combine("manifest.yaml"), Manifest.Replace("stages:", "tests:\n  folder: app_tests\nstages:", StringComparison.Ordinal));
        Directory.CreateDirectory(_directory.Combine("app_tests"));
        File.WriteAllText(_directory.Combine("app_tests", "test_app.py"), "def test_ok():\n    pass\n");

        var result = await ImportAsync(Archive("notebooks/a.ipynb"));

        Assert.Contains("app_tests/test_app.py", Entries(result.Bundle.FullPath));
        Assert.Equal(1, result.TestFiles);
    }

    private sealed class NoObjectStores : Publishing.IObjectStoreConnector
    {
        public Publishing.ObjectStoreConnection Connect(Publishing.ObjectStoreEndpoint endpoint) => throw new InvalidOperationException("no object store");
    }
}
