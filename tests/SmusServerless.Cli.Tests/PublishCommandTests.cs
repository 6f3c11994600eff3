using System.IO.Compression;
using SmusServerless.Cli.Commands;
using SmusServerless.Local.S3;

namespace SmusServerless.Cli.Tests;

public sealed class PublishCommandTests : IDisposable
{
    private const string Bucket = "pipeline-bundles";
    private readonly TemporaryDirectory _directory = new();
    private readonly CliRunner _cli;
    private readonly FileObjectStore _store;
    private readonly string _zip;

    public PublishCommandTests()
    {
        _cli = new CliRunner(_directory.Path);
        _store = new FileObjectStore(_directory.Combine("s3"));
        _store.CreateBucket(Bucket);
        _cli.ObjectStore = _store;
        SampleProject.Write(_directory.Combine("project"));
        _zip = _directory.Combine("out", "Sample-1.0.0.zip");
    }

    public void Dispose() => _directory.Dispose();

    private async Task BuildAsync(string version = "1.0.0")
    {
        var run = await _cli.RunAsync("bundle", "-p", "project", "-d", "out", "--version", version);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Uploads_under_the_default_prefix_and_prints_the_version_id()
    {
        await BuildAsync();

        var run = await _cli.RunAsync("publish", _zip, "--bucket", Bucket);

        Assert.Equal(0, run.ExitCode);
        var stored = await _store.HeadAsync(Bucket, "bundles/Sample-1.0.0.zip", null, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(new FileInfo(_zip).Length, stored.Size);
        Assert.Contains($"published s3://{Bucket}/bundles/Sample-1.0.0.zip", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"version id  {stored.VersionId}", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("1.0.0", stored.Metadata!["bundle-version"]);
    }

    [Fact]
    public async Task Uploaded_object_is_the_bundle_byte_for_byte()
    {
        await BuildAsync();

        await _cli.RunAsync("publish", _zip, "--bucket", Bucket, "--prefix", "ci/uploads");

        await using var stream = await _store.OpenReadAsync(Bucket, "ci/uploads/Sample-1.0.0.zip", null, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(File.ReadAllBytes(_zip), copy.ToArray());
    }

    [Fact]
    public async Task Refuses_to_overwrite_a_published_version()
    {
        await BuildAsync();
        await _cli.RunAsync("publish", _zip, "--bucket", Bucket);

        var again = await _cli.RunAsync("publish", _zip, "--bucket", Bucket);

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Stderr, StringComparison.Ordinal);
        Assert.Contains("bump the version", again.Stderr, StringComparison.Ordinal);
        Assert.Single(await _store.ListVersionsAsync(Bucket, "bundles/Sample-1.0.0.zip", CancellationToken.None));
    }

    [Fact]
    public async Task The_key_comes_from_bundle_json_not_the_local_file_name()
    {
        await BuildAsync();
        var renamed = _directory.Combine("out", "latest.zip");
        File.Move(_zip, renamed);

        var run = await _cli.RunAsync("publish", renamed, "--bucket", Bucket, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("bundles/Sample-1.0.0.zip", run.Document().GetProperty("key").GetString());
    }

    [Fact]
    public async Task Refuses_an_unsafe_bundle_and_uploads_nothing()
    {
        await BuildAsync();
        using (var archive = ZipFile.Open(_zip, ZipArchiveMode.Update))
            archive.CreateEntry("/etc/cron.d/evil");

        var run = await _cli.RunAsync("publish", _zip, "--bucket", Bucket);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("AbsolutePath", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_cli.Connections);
        Assert.Empty((await _store.ListAsync(Bucket, "", null, 100, CancellationToken.None)).Objects);
    }

    [Fact]
    public async Task An_unknown_bucket_exits_1_naming_it()
    {
        await BuildAsync();

        var run = await _cli.RunAsync("publish", _zip, "--bucket", "no-such-bucket");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("bucket 'no-such-bucket' does not exist", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_bucket_option_is_a_usage_error()
    {
        await BuildAsync();

        var run = await _cli.RunAsync("publish", _zip);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--bucket", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_that_is_not_an_http_url_is_a_usage_error()
    {
        await BuildAsync();

        var run = await _cli.RunAsync("publish", _zip, "--bucket", Bucket, "--endpoint-url", "ftp://example");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--endpoint-url 'ftp://example'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Region_and_endpoint_reach_the_object_store_connector()
    {
        await BuildAsync();

        await _cli.RunAsync("publish", _zip, "--bucket", Bucket, "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:4569");

        var endpoint = Assert.Single(_cli.Connections);
        Assert.Equal("eu-west-1", endpoint.Region);
        Assert.Equal(new Uri("http://127.0.0.1:4569"), endpoint.EndpointUrl);
    }

    [Fact]
    public async Task Json_output_is_one_document_with_the_object_address_and_version()
    {
        await BuildAsync();

        var run = await _cli.RunAsync("publish", _zip, "--bucket", Bucket, "--json");

        var document = run.Document();
        Assert.Equal("publish", document.GetProperty("command").GetString());
        Assert.Equal($"s3://{Bucket}/bundles/Sample-1.0.0.zip", document.GetProperty("uri").GetString());
        var stored = await _store.HeadAsync(Bucket, "bundles/Sample-1.0.0.zip", null, CancellationToken.None);
        Assert.Equal(stored!.VersionId, document.GetProperty("versionId").GetString());
        Assert.Equal(64, document.GetProperty("sha256").GetString()!.Length);
    }

    [Fact]
    public async Task Json_output_of_an_existing_version_is_a_version_exists_error()
    {
        await BuildAsync();
        await _cli.RunAsync("publish", _zip, "--bucket", Bucket);

        var run = await _cli.RunAsync("publish", _zip, "--bucket", Bucket, "--json");

        Assert.Equal("version-exists", run.Document().GetProperty("error").GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("bundles/", "bundles/")]
    [InlineData("bundles", "bundles/")]
    [InlineData("/team/bundles", "team/bundles/")]
    [InlineData("", "")]
    public void Prefix_always_ends_in_a_slash_unless_empty(string given, string expected) =>
        Assert.Equal(expected, PublishCommand.NormalizePrefix(given));
}
