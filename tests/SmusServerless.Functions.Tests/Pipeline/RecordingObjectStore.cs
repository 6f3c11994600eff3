using SmusServerless.Aws.S3;
using SmusServerless.Core.Storage;

namespace SmusServerless.Functions.Tests.Pipeline;

/// <summary>An object store that notes every call a step makes (which call, on which bucket, by version or not).</summary>
internal sealed class RecordingObjectStore(IObjectStore inner) : IObjectStore
{
    private readonly List<(ObjectStoreCall Call, string Bucket, bool WithVersionId)> _calls = [];

    public IReadOnlyList<(ObjectStoreCall Call, string Bucket, bool WithVersionId)> Calls
    {
        get { lock (_calls) return [.. _calls]; }
    }

    private void Note(ObjectStoreCall call, string bucket, string? versionId = null)
    {
        lock (_calls) _calls.Add((call, bucket, versionId is not null));
    }

    public Task<ObjectInfo?> HeadAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken)
    {
        Note(ObjectStoreCall.Head, bucket, versionId);
        return inner.HeadAsync(bucket, key, versionId, cancellationToken);
    }

    public Task<int> ReadRangeAsync(string bucket, string key, string? versionId, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        Note(ObjectStoreCall.ReadRange, bucket, versionId);
        return inner.ReadRangeAsync(bucket, key, versionId, offset, buffer, cancellationToken);
    }

    public Task<Stream> OpenReadAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken)
    {
        Note(ObjectStoreCall.OpenRead, bucket, versionId);
        return inner.OpenReadAsync(bucket, key, versionId, cancellationToken);
    }

    public Task<ObjectInfo> PutAsync(string bucket, string key, Stream content, PutOptions options, CancellationToken cancellationToken)
    {
        Note(ObjectStoreCall.Put, bucket);
        return inner.PutAsync(bucket, key, content, options, cancellationToken);
    }

    public Task<ObjectPage> ListAsync(string bucket, string prefix, string? continuationToken, int maxKeys, CancellationToken cancellationToken)
    {
        Note(ObjectStoreCall.List, bucket);
        return inner.ListAsync(bucket, prefix, continuationToken, maxKeys, cancellationToken);
    }

    public Task<IReadOnlyList<ObjectInfo>> ListVersionsAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        Note(ObjectStoreCall.ListVersions, bucket);
        return inner.ListVersionsAsync(bucket, key, cancellationToken);
    }

    public Task<ObjectInfo> CopyAsync(string sourceBucket, string sourceKey, string? sourceVersionId, string bucket, string key, CancellationToken cancellationToken)
    {
        Note(ObjectStoreCall.Copy, sourceBucket, sourceVersionId);
        Note(ObjectStoreCall.Put, bucket);
        return inner.CopyAsync(sourceBucket, sourceKey, sourceVersionId, bucket, key, cancellationToken);
    }

    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        Note(ObjectStoreCall.Delete, bucket);
        return inner.DeleteAsync(bucket, key, cancellationToken);
    }
}
