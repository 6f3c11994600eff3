using SmusServerless.Core.Bundle;

namespace SmusServerless.Core.Storage;

/// <summary>
/// A bundle in object storage read by ranged GETs: the bundle reader fetches the central directory and the entries it
/// streams, never the whole object.
/// </summary>
public sealed class ObjectRandomAccessSource : IRandomAccessSource
{
    private readonly IObjectStore _store;
    private readonly string _bucket;
    private readonly string _key;
    private readonly string? _versionId;

    private ObjectRandomAccessSource(IObjectStore store, ObjectInfo info)
    {
        _store = store;
        _bucket = info.Bucket;
        _key = info.Key;
        _versionId = info.VersionId;
        Length = info.Size;
    }

    public long Length { get; }

    /// <summary>Pins the object version (the latest when none is given) so every range comes from the same bytes.</summary>
    public static async Task<ObjectRandomAccessSource> OpenAsync(IObjectStore store, string bucket, string key, string? versionId, CancellationToken cancellationToken)
    {
        var info = await store.HeadAsync(bucket, key, versionId, cancellationToken).ConfigureAwait(false)
                   ?? throw new ObjectNotFoundException(bucket, key);
        return new ObjectRandomAccessSource(store, info);
    }

    public async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (offset >= Length || buffer.Length == 0) return 0;
        var wanted = (int)Math.Min(buffer.Length, Length - offset);
        var total = 0;
        while (total < wanted)
        {
            var read = await _store.ReadRangeAsync(_bucket, _key, _versionId, offset + total, buffer.Slice(total, wanted - total), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            total += read;
        }
        return total;
    }
}
