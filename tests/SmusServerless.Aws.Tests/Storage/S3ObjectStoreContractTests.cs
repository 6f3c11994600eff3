using SmusServerless.Aws.S3;
using SmusServerless.Core.Storage;

namespace SmusServerless.Aws.Tests.Storage;

/// <summary>The storage contract against the AWSSDK.S3 adapter, talking to s3rver through its proxy.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3ObjectStoreContractTests(S3rverFixture s3rver) : ObjectStoreContract, IDisposable
{
    // 5 MiB parts (S3's minimum) so the 12 MiB contract object goes out as three parts.
    private readonly S3ObjectStore _store = S3ObjectStore.ForLocalEndpoint(s3rver.ServiceUrl, S3rverFixture.AccessKey, S3rverFixture.SecretKey,
        new S3ObjectStoreOptions(PartSize: S3ObjectStoreOptions.MinimumPartSize));

    protected override IObjectStore Store => _store;

    protected override string Bucket => S3rverFixture.Bucket;

    public void Dispose() => _store.Dispose();
}
