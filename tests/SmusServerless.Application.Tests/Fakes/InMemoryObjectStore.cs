using SmusServerless.Core.Storage;

namespace SmusServerless.Application.Tests.Fakes;

/// <summary>A versioned object store in memory, with S3's conditional writes; <see cref="FailPutsTo"/> makes writes to a bucket fail.</summary>
internal sealed class InMemoryObjectStore : IObjectStore
{
    private readonly Dictionary<(string Bucket, string Key), (ObjectInfo Info, byte[] Body)> _objects = new();
    private readonly Lock _gate = new();
    private int _version;

    /// <summary>A bucket whose writes fail with a (transient) <see cref="ObjectStoreException"/>.</summary>
    public string? FailPutsTo { get; set; }

    public IReadOnlyCollection<(string Bucket, string Key)> Keys { get { lock (_gate) return [.. _objects.Keys]; } }

    public Task<ObjectInfo?> HeadAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_objects.TryGetValue((bucket, key), out var o) ? o.Info : null);
    }

    public async Task<int> ReadRangeAsync(string bucket, string key, string? versionId, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var body = Body(bucket, key);
        var count = (int)Math.Max(0, Math.Min(buffer.Length, body.Length - offset));
        body.AsMemory((int)offset, count).CopyTo(buffer);
        return await Task.FromResult(count);
    }

    public Task<Stream> OpenReadAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new MemoryStream(Body(bucket, key), writable: false));

    public async Task<ObjectInfo> PutAsync(string bucket, string key, Stream content, PutOptions options, CancellationToken cancellationToken)
    {
        if (bucket == FailPutsTo) throw new ObjectStoreException($"s3://{bucket}/{key}: service unavailable");
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        lock (_gate)
        {
            var exists = _objects.TryGetValue((bucket, key), out var current);
            if (options.IfNoneMatch && exists) throw new PreconditionFailedException(bucket, key);
            if (options.IfMatch is { } etag && (!exists || current.Info.ETag != etag)) throw new PreconditionFailedException(bucket, key);
            var version = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var info = new ObjectInfo(bucket, key, copy.Length, $"\"etag-{version}\"", DateTimeOffset.UnixEpoch, version, Metadata: options.Metadata);
            _objects[(bucket, key)] = (info, copy.ToArray());
            return info;
        }
    }

    public Task<ObjectPage> ListAsync(string bucket, string prefix, string? continuationToken, int maxKeys, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(new ObjectPage([.. _objects.Where(o => o.Key.Bucket == bucket && o.Key.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(o => o.Value.Info)], null));
    }

    public async Task<IReadOnlyList<ObjectInfo>> ListVersionsAsync(string bucket, string key, CancellationToken cancellationToken) =>
        await HeadAsync(bucket, key, null, cancellationToken) is { } info ? [info] : [];

    public async Task<ObjectInfo> CopyAsync(string sourceBucket, string sourceKey, string? sourceVersionId, string bucket, string key, CancellationToken cancellationToken) =>
        await PutAsync(bucket, key, new MemoryStream(Body(sourceBucket, sourceKey)), PutOptions.Default, cancellationToken);

    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        lock (_gate) _objects.Remove((bucket, key));
        return Task.CompletedTask;
    }

    private byte[] Body(string bucket, string key)
    {
        lock (_gate)
            return _objects.TryGetValue((bucket, key), out var o) ? o.Body : throw new ObjectNotFoundException(bucket, key);
    }
}
