using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Ports;
using SmusServerless.Application.Tests.Fakes;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Tests.Pipeline;

/// <summary>The change set of an application-format stage, from a hand-built bundle in the application layout.</summary>
public sealed class ChangeSetPlannerTests
{
    private const string Shared = $"dzd_corp/prj_dev-demo/shared";
    private const string Lib = $"dzd_corp/prj_dev-demo/lib";

    private static readonly Dictionary<string, string> Entries = new(StringComparer.Ordinal)
    {
        ["storage/notebooks/a.ipynb"] = "{}",
        ["storage/notebooks/deep/b.ipynb"] = "{\"b\": 1}",
        ["storage/code/job.py"] = "print(1)",
        ["repositories/utils/lib/u.py"] = "def u(): pass",
        ["app_tests/test_a.py"] = "def test(): pass",
    };

    private readonly PipelineWorld _world = new();

    public ChangeSetPlannerTests()
    {
        _world.Catalog.Connections["prj_dev-demo"] =
        [
            new("default.s3_shared", "S3", $"s3://{PipelineWorld.ProjectBucket}/{Shared}/"),
            new("lib.s3", "S3", $"s3://{PipelineWorld.ProjectBucket}/{Lib}"),
        ];
    }

    private static string Manifest(string? deploymentConfiguration) => $$"""
        applicationName: demo
        content:
          storage:
            - name: notebooks
              include: ['notebooks/']
            - name: code
              include: ['src/']
          git:
            - repository: utils
              url: https://github.com/example/utils.git
        stages:
          dev:
            stage: DEV
            domain: {name: corp, region: us-east-1}
            project: {name: dev-demo}
        {{deploymentConfiguration ?? ""}}
        """;

    private static string Configuration(params string[] lines) =>
        "    deployment_configuration:\n" + string.Join("\n", lines.Select(l => "      " + l));

    private async Task<ChangeSet> PlanAsync(string manifest, IReadOnlyDictionary<string, string>? entries = null)
    {
        var reference = await _world.PublishEntriesAsync("1.0.0", manifest, entries ?? Entries);
        var bundle = await _world.Bundles.OpenAsync(reference, CancellationToken.None);
        return await new ChangeSetPlanner(_world.Catalog, _world.Store, _world.Records)
            .PlanAsync(bundle, bundle.Target("dev"), "demo", Samples.Project(), CancellationToken.None);
    }

    private static List<(string BundlePath, string Key)> Keys(ChangeSet changes) =>
        [.. changes.Contents.Select(c => (c.File.BundlePath, c.File.Key)).OrderBy(k => k.Key, StringComparer.Ordinal)];

    [Fact]
    public async Task Each_storage_item_goes_to_its_own_connection_and_directory()
    {
        var changes = await PlanAsync(Manifest(Configuration(
            "storage:",
            "  - {name: notebooks, connectionName: default.s3_shared, targetDirectory: notebooks/bundle/notebooks}",
            "  - {name: code, connectionName: lib.s3, targetDirectory: jobs}")));

        Assert.Equal(
            [
                ("storage/code/job.py", $"{Lib}/jobs/job.py"),
                ("storage/notebooks/a.ipynb", $"{Shared}/notebooks/bundle/notebooks/a.ipynb"),
                ("storage/notebooks/deep/b.ipynb", $"{Shared}/notebooks/bundle/notebooks/deep/b.ipynb"),
            ],
            Keys(changes));
    }

    [Fact]
    public async Task A_stage_without_deployment_configuration_puts_every_storage_item_under_bundle_on_the_shared_connection_and_no_git()
    {
        var changes = await PlanAsync(Manifest(null));

        Assert.Equal(
            [
                ("storage/code/job.py", $"{Shared}/bundle/code/job.py"),
                ("storage/notebooks/a.ipynb", $"{Shared}/bundle/notebooks/a.ipynb"),
                ("storage/notebooks/deep/b.ipynb", $"{Shared}/bundle/notebooks/deep/b.ipynb"),
            ],
            Keys(changes));
    }

    [Fact]
    public async Task An_item_named_twice_goes_to_both_places_and_an_item_not_named_goes_nowhere()
    {
        var changes = await PlanAsync(Manifest(Configuration(
            "storage:",
            "  - {name: notebooks, connectionName: default.s3_shared, targetDirectory: one}",
            "  - {name: notebooks, connectionName: lib.s3, targetDirectory: two}")));

        Assert.Equal(
            [
                ("storage/notebooks/a.ipynb", $"{Lib}/two/a.ipynb"),
                ("storage/notebooks/deep/b.ipynb", $"{Lib}/two/deep/b.ipynb"),
                ("storage/notebooks/a.ipynb", $"{Shared}/one/a.ipynb"),
                ("storage/notebooks/deep/b.ipynb", $"{Shared}/one/deep/b.ipynb"),
            ],
            Keys(changes));
    }

    [Fact]
    public async Task A_git_deployment_maps_the_repositorys_folder()
    {
        var changes = await PlanAsync(Manifest(Configuration(
            "storage: []",
            "git:",
            "  - {name: utils, connectionName: default.s3_shared, targetDirectory: repos/utils}")));

        Assert.Equal([("repositories/utils/lib/u.py", $"{Shared}/repos/utils/lib/u.py")], Keys(changes));
    }

    [Fact]
    public async Task Two_items_onto_one_key_are_refused_naming_both_before_anything_is_written()
    {
        var entries = new Dictionary<string, string>(Entries) { ["storage/code/a.ipynb"] = "other" };

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => PlanAsync(Manifest(Configuration(
            "storage:",
            "  - {name: notebooks, connectionName: default.s3_shared, targetDirectory: same}",
            "  - {name: code, connectionName: default.s3_shared, targetDirectory: same}")), entries));

        Assert.Equal(PipelineErrors.DeployFailed, failure.Error);
        Assert.Contains("'storage/code/a.ipynb' and 'storage/notebooks/a.ipynb'", failure.Cause.Replace("'storage/notebooks/a.ipynb' and 'storage/code/a.ipynb'", "'storage/code/a.ipynb' and 'storage/notebooks/a.ipynb'", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain(_world.Store.Keys, k => k.Bucket == PipelineWorld.ProjectBucket);
    }

    [Fact]
    public async Task A_missing_connection_names_the_stage_key_that_asks_for_it()
    {
        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => PlanAsync(Manifest(Configuration(
            "storage:",
            "  - {name: code, connectionName: nope.s3, targetDirectory: jobs}"))));

        Assert.Equal(PipelineErrors.ConnectionNotFound, failure.Error);
        Assert.Contains("stages.dev.deployment_configuration.storage[0].connectionName", failure.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compressed_item_is_one_archive_named_after_it_with_the_archives_hash()
    {
        var changes = await PlanAsync(Manifest(Configuration(
            "storage:",
            "  - {name: notebooks, connectionName: default.s3_shared, targetDirectory: nb, compression: tar.gz}")));

        var archive = Assert.Single(changes.Contents);
        Assert.Equal(("storage/notebooks/", $"{Shared}/nb/notebooks.tar.gz"), (archive.File.BundlePath, archive.File.Key));
        Assert.Equal(["a.ipynb", "deep/b.ipynb"], await ArchiveNamesAsync(archive));
    }

    [Fact]
    public async Task A_compressed_item_deploys_the_planned_bytes_and_is_unchanged_the_next_time()
    {
        var manifest = Manifest(Configuration(
            "storage:",
            "  - {name: notebooks, connectionName: default.s3_shared, targetDirectory: nb, compression: gz}"));
        var planned = Assert.Single((await PlanAsync(manifest)).Contents).File;

        var first = await DeployAsync(manifest, "run-1");
        var second = await DeployAsync(manifest, "run-2");

        Assert.Equal((1, 0), (first.Added, first.Unchanged));
        Assert.Equal((0, 1), (second.Added, second.Unchanged));
        await using var stored = await _world.Store.OpenReadAsync(PipelineWorld.ProjectBucket, planned.Key, null, CancellationToken.None);
        Assert.Equal(planned.Sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(stored)));
        var record = await _world.Records.ReadCurrentAsync("demo", "dev", CancellationToken.None);
        Assert.Equal((planned.Key, planned.Sha256), (Assert.Single(record!.Files).Key, record.Files[0].Sha256));
    }

    private async Task<DeploymentSummary> DeployAsync(string manifest, string runId)
    {
        var bundle = await _world.PublishEntriesAsync("1.0.0", manifest, Entries);
        var result = await _world.Deploy().RunAsync(new DeployInput(Samples.Run(bundle, runId), Samples.Target(), Samples.Project(), 0), CancellationToken.None);
        return result.Deployment!;
    }

    private async Task<List<string>> ArchiveNamesAsync(DeployContent archive)
    {
        var reference = await _world.PublishEntriesAsync("1.0.0", Manifest(null), Entries);
        var bundle = await _world.Bundles.OpenAsync(reference, CancellationToken.None);
        using var bytes = new MemoryStream();
        await archive.Archive!.WriteAsync(bytes, bundle.Reader, CancellationToken.None);
        Assert.Equal(archive.File.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray())));
        bytes.Position = 0;
        using var reader = new TarReader(new GZipStream(bytes, CompressionMode.Decompress));
        var names = new List<string>();
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            Assert.Equal(PipelineWorld.Created, entry.ModificationTime);
            names.Add(entry.Name);
        }
        return names;
    }
}
