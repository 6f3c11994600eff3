using SmusServerless.Core.Storage;
using SmusServerless.Local.S3;

namespace SmusServerless.Local.Tests.S3;

/// <summary>The storage contract against the file-system adapter of the offline stack.</summary>
public sealed class FileObjectStoreContractTests : ObjectStoreContract, IDisposable
{
    private readonly TemporaryDirectory _root = new();
    private readonly FileObjectStore _store;

    public FileObjectStoreContractTests()
    {
        _store = new FileObjectStore(_root.Path);
        _store.CreateBucket(Bucket);
    }

    protected override IObjectStore Store => _store;

    protected override string Bucket => "contract-tests";

    public void Dispose() => _root.Dispose();
}
