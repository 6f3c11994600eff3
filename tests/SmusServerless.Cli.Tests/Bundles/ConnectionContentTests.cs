using System.IO.Compression;
using System.Text;
using SmusServerless.Core.Storage;
using SmusServerless.Local.DataZone;
using SmusServerless.Local.Endpoints;
using SmusServerless.Local.S3;

namespace SmusServerless.Cli.Tests.Bundles;

/// <summary>Storage items with a connectionName, taken offline from the local stack's dev project (./.smus-local).</summary>
public sealed class ConnectionContentTests : IDisposable
{
    private const string Bucket = "smus-local-projects";
    private const string Prefix = "studio/dev-project/shared/";
    private readonly TemporaryDirectory _directory = new();
    private readonly CliRunner _cli;

    public ConnectionContentTests() => _cli = new CliRunner(_directory.Path);

    public void Dispose() => _directory.Dispose();

    private async Task SeedLocalStackAsync(params (string Key, string Content)[] objects)
    {
        var state = _directory.Combine(".smus-local");
        var host = await LocalAwsHost.StartAsync(new LocalAwsHostOptions
        {
            StateDirectory = Path.Combine(state, "aws"),
            Seed = new DataZoneSeed([new SeedDomain("studio", Projects: [new SeedProject("dev-project", Connections: [new SeedConnection("default.s3_shared", $"s3://{Bucket}/{Prefix}")])])]),
        });
        await host.DisposeAsync();
        var store = new FileObjectStore(Path.Combine(state, "s3"));
        store.CreateBucket(Bucket);
        foreach (var (key, content) in objects)
            await store.PutAsync(Bucket, Prefix + key, new MemoryStream(Encoding.UTF8.GetBytes(content)), PutOptions.Default, CancellationToken.None);
    }

    private Task<CliRun> BundleAsync(string storageItem)
    {
        Directory.CreateDirectory(_directory.Combine("project"));
        File.WriteAllText(_directory.Combine("project", "manifest.yaml"), $"""
            applicationName: FromDev
            content:
              storage:
            {storageItem}
            stages:
              dev:
                stage: DEV
                domain:
                  name: studio
                  region: us-east-1
                project:
                  name: dev-project
              prod:
                stage: PROD
                domain:
                  name: studio
                  region: us-east-1
                project:
                  name: prod-project
            """);
        return _cli.RunAsync("bundle", "-m", "project/manifest.yaml", "-o", "out", "--version", "1");
    }

    private List<string> Entries()
    {
        using var archive = ZipFile.OpenRead(_directory.Combine("out", "FromDev-1.zip"));
        return [.. archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal)];
    }

    private string Read(string entry)
    {
        using var archive = ZipFile.OpenRead(_directory.Combine("out", "FromDev-1.zip"));
        using var reader = new StreamReader(archive.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task A_folder_include_brings_the_folders_contents_from_the_dev_projects_connection()
    {
        await SeedLocalStackAsync(("models/m1.bin", "one"), ("models/sub/m2.bin", "two"), ("other/x.txt", "x"));

        var run = await BundleAsync("    - name: models\n      connectionName: default.s3_shared\n      include: ['models/']\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["bundle.json", "pipeline.yaml", "storage/models/m1.bin", "storage/models/sub/m2.bin"], Entries());
        Assert.Equal("two", Read("storage/models/sub/m2.bin"));
        Assert.Contains($"stage dev connection default.s3_shared s3://{Bucket}/{Prefix}", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Globs_and_excludes_select_within_the_connection()
    {
        await SeedLocalStackAsync(("data/a.csv", "a"), ("data/b.json", "b"), ("data/old.csv", "o"));

        var run = await BundleAsync("    - name: data\n      connectionName: default.s3_shared\n      include: ['data/*.csv']\n      exclude: ['old.csv']\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["bundle.json", "pipeline.yaml", "storage/data/a.csv"], Entries());
    }

    [Fact]
    public async Task A_connection_the_dev_project_does_not_have_is_an_error_naming_the_item_and_the_connection()
    {
        await SeedLocalStackAsync(("models/m1.bin", "one"));

        var run = await BundleAsync("    - name: models\n      connectionName: project.missing\n      include: ['models/']\n");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("content.storage[0] 'models' (connection 'project.missing'): project 'dev-project' of stage 'dev' has no connection 'project.missing' (it has: default.s3_shared)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_include_the_connection_does_not_hold_is_an_error_naming_the_item_and_the_location()
    {
        await SeedLocalStackAsync(("models/m1.bin", "one"));

        var run = await BundleAsync("    - name: models\n      connectionName: default.s3_shared\n      include: ['notebooks/']\n");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"content.storage[0].include[0] 'notebooks/': no such file or folder in s3://{Bucket}/{Prefix}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_local_stack_the_error_says_to_deploy_the_dev_stage_first()
    {
        var run = await BundleAsync("    - name: models\n      connectionName: default.s3_shared\n      include: ['models/']\n");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("content.storage[0] 'models' (connection 'default.s3_shared'): the local stack in", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("deploy to the dev stage offline first", run.Stderr, StringComparison.Ordinal);
    }
}
