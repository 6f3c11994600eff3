namespace SmusServerless.Core.Pipeline;

/// <summary>
/// A bundle file and the object key it deploys to. <see cref="Sha256"/> and <see cref="Size"/> are the bytes deployed;
/// <see cref="BundleSha256"/> the bundle's (null: the same).
/// </summary>
public sealed record PlannedFile(string BundlePath, string Bucket, string Key, string Sha256, long Size, string? BundleSha256 = null);

/// <summary>The object now stored at a key, as far as the deploy needs to know it.</summary>
public sealed record StoredObject(string ETag);

/// <summary>What a deploy does: write added and changed files, leave unchanged ones, delete pruned ones.</summary>
public sealed record DeploymentChanges(
    IReadOnlyList<PlannedFile> Added,
    IReadOnlyList<PlannedFile> Changed,
    IReadOnlyList<(PlannedFile File, DeployedFile Previous)> Unchanged,
    IReadOnlyList<DeployedFile> Pruned,
    IReadOnlyList<DeployedFile> KeptModified)
{
    public IEnumerable<PlannedFile> ToWrite => Added.Concat(Changed);
}

/// <summary>
/// Decides what a deployment writes and deletes, from the bundle, the previous deployment record of this pipeline to
/// this target, and the objects now at the keys concerned. Pure: the caller does the I/O.
/// </summary>
public static class DeploymentDiff
{
    /// <param name="wanted">Every file the bundle deploys to this target.</param>
    /// <param name="previous">The record of the last deployment of this pipeline to this target, if any.</param>
    /// <param name="stored">The objects currently at the keys of <paramref name="wanted"/> and of <paramref name="previous"/> (absent = no object).</param>
    public static DeploymentChanges Compute(
        IReadOnlyList<PlannedFile> wanted,
        DeploymentRecord? previous,
        IReadOnlyDictionary<(string Bucket, string Key), StoredObject> stored)
    {
        var before = previous?.Files.ToDictionary(f => (f.Bucket, f.Key)) ?? [];
        var added = new List<PlannedFile>();
        var changed = new List<PlannedFile>();
        var unchanged = new List<(PlannedFile, DeployedFile)>();
        foreach (var file in wanted.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var location = (file.Bucket, file.Key);
            stored.TryGetValue(location, out var current);
            if (before.TryGetValue(location, out var last) && current is not null &&
                last.Sha256 == file.Sha256 && last.ETag == current.ETag)
                unchanged.Add((file, last));
            else if (current is null)
                added.Add(file);
            else
                changed.Add(file);
        }

        var wantedKeys = wanted.Select(f => (f.Bucket, f.Key)).ToHashSet();
        var pruned = new List<DeployedFile>();
        var keptModified = new List<DeployedFile>();
        foreach (var file in before.Values.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (wantedKeys.Contains((file.Bucket, file.Key))) continue;
            if (!stored.TryGetValue((file.Bucket, file.Key), out var current)) continue; // already gone
            // Someone changed it after we wrote it: it is theirs now, so it is not ours to delete.
            if (current.ETag == file.ETag) pruned.Add(file);
            else keptModified.Add(file);
        }
        return new DeploymentChanges(added, changed, unchanged, pruned, keptModified);
    }
}
