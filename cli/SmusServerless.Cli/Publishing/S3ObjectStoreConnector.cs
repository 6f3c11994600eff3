using Amazon;
using Amazon.S3;
using SmusServerless.Aws.S3;

namespace SmusServerless.Cli.Publishing;

/// <summary>
/// Amazon S3 through AWSSDK.S3 with the SDK's default credential chain (environment, web identity from CI OIDC,
/// profiles, instance roles). The region is <c>--region</c>, else <c>AWS_REGION</c> / <c>AWS_DEFAULT_REGION</c>, else
/// whatever the SDK finds in the shared config. With an endpoint URL, path-style addressing and plain (not
/// aws-chunked) bodies, as S3-compatible servers expect.
/// </summary>
public sealed class S3ObjectStoreConnector(IReadOnlyDictionary<string, string?> environment) : IObjectStoreConnector
{
    public ObjectStoreConnection Connect(ObjectStoreEndpoint endpoint)
    {
        var region = endpoint.Region ?? Variable("AWS_REGION") ?? Variable("AWS_DEFAULT_REGION");
        AmazonS3Config config;
        var options = S3ObjectStoreOptions.Default;
        if (endpoint.EndpointUrl is { } url)
        {
            config = S3ObjectStore.LocalEndpointConfig(url);
            if (region is not null) config.AuthenticationRegion = region;
            options = options with { UseChunkEncoding = false };
        }
        else
        {
            config = new AmazonS3Config();
            if (region is not null) config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        var client = new AmazonS3Client(config);
        return new ObjectStoreConnection(new S3ObjectStore(client, options), client);
    }

    private string? Variable(string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
