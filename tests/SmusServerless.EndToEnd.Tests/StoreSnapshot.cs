using SmusServerless.Local.S3;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>
/// How many versions and delete markers every key of a bucket has at one moment; two snapshots tell exactly which
/// keys were written and which were deleted in between (the versioned store keeps every version).
/// </summary>
internal sealed class StoreSnapshot
{
    private readonly Dictionary<string, (int Writes, int Deletes)> _counts;

    private StoreSnapshot(Dictionary<string, (int Writes, int Deletes)> counts) => _counts = counts;

    public static async Task<StoreSnapshot> TakeAsync(FileObjectStore store, string bucket, IEnumerable<string>? alsoKeys = null)
    {
        var keys = new SortedSet<string>(alsoKeys ?? [], StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await store.ListAsync(bucket, "", token, 1000, CancellationToken.None);
            foreach (var item in page.Objects) keys.Add(item.Key);
            token = page.NextContinuationToken;
        } while (token is not null);

        var counts = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var versions = await store.ListVersionsAsync(bucket, key, CancellationToken.None);
            counts[key] = (versions.Count(v => !v.IsDeleteMarker), versions.Count(v => v.IsDeleteMarker));
        }
        return new StoreSnapshot(counts);
    }

    /// <summary>Takes the next snapshot, including keys deleted since this one.</summary>
    public Task<StoreSnapshot> NextAsync(FileObjectStore store, string bucket) => TakeAsync(store, bucket, _counts.Keys);

    /// <summary>Keys with a new object version since <paramref name="earlier"/>.</summary>
    public IReadOnlySet<string> WrittenSince(StoreSnapshot earlier) =>
        _counts.Where(c => c.Value.Writes > earlier.Count(c.Key).Writes).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>Keys with a new delete marker since <paramref name="earlier"/>.</summary>
    public IReadOnlySet<string> DeletedSince(StoreSnapshot earlier) =>
        _counts.Where(c => c.Value.Deletes > earlier.Count(c.Key).Deletes).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);

    private (int Writes, int Deletes) Count(string key) => _counts.GetValueOrDefault(key);
}
