using SmusServerless.Application.Bundling;
using SmusServerless.Aws.Adapters;
using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.Http;
using SmusServerless.Core.Manifest;
using SmusServerless.Local.Endpoints;
using SmusServerless.Local.S3;

namespace SmusServerless.Local.Bundling;

/// <summary>
/// The local stack's projects as the source of storage items taken from a connection (bundle-from-dev, offline): the
/// DataZone simulator's state in <c>&lt;state&gt;/aws</c>, served on 127.0.0.1 and read with the same DataZone adapter as
/// on AWS, and the file-backed S3 in <c>&lt;state&gt;/s3</c>, as <c>run</c> and <c>serve</c> keep them. Nothing is seeded or
/// created: a state directory no run has written is an error that says so.
/// </summary>
public sealed class LocalConnectionContent : IAsyncDisposable
{
    private readonly LocalAwsHost _host;

    private LocalConnectionContent(LocalAwsHost host, StageConnectionContent content)
    {
        _host = host;
        Content = content;
    }

    public StageConnectionContent Content { get; }

    public static async Task<LocalConnectionContent> OpenAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        var aws = Path.Combine(stateDirectory, "aws");
        var s3 = Path.Combine(stateDirectory, "s3");
        if (!File.Exists(Path.Combine(aws, "datazone.json")) || !Directory.Exists(s3))
            throw new ConnectionContentException(
                $"the local stack in {stateDirectory} has no projects yet: deploy to the dev stage offline first (its connection's files are taken from there)");
        var host = await LocalAwsHost.StartAsync(new LocalAwsHostOptions { StateDirectory = aws }, cancellationToken).ConfigureAwait(false);
        var client = AwsClientOptions.ForLocalEndpoint(host.BaseUrl, host.Credentials.AccessKeyId, host.Credentials.SecretAccessKey, host.Credentials.Region);
        var dataZone = new DataZoneClient(client);
        var store = new FileObjectStore(s3);
        return new LocalConnectionContent(host, new StageConnectionContent(new DataZoneProjectCatalog(_ => dataZone), _ => store));
    }

    public Task<ConnectionContent> OpenAsync(TargetDefinition stage, string connectionName, CancellationToken cancellationToken) =>
        Content.OpenAsync(stage, connectionName, cancellationToken);

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
