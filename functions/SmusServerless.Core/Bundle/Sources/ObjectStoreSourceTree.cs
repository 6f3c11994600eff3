using System.Runtime.CompilerServices;
using SmusServerless.Core.Storage;

namespace SmusServerless.Core.Bundle.Sources;

/// <summary>
/// The objects under one S3 prefix (a project connection's location) as a source tree: keys relative to the prefix are
/// the paths, directories are implied by the keys (and by folder markers, keys ending in '/'). The listing is read once,
/// on first use. A key that is no safe relative path (an empty, '.' or '..' segment) fails that first use, naming the key.
/// </summary>
public sealed class ObjectStoreSourceTree(IObjectStore store, string bucket, string prefix) : ISourceTree
{
    private const int PageSize = 1000;
    private readonly string _prefix = prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";
    private Task<Index>? _index;

    public string Location => $"s3://{bucket}/{_prefix}";

    public async ValueTask<SourceEntry?> GetEntryAsync(string path, CancellationToken cancellationToken) =>
        (await IndexAsync(cancellationToken).ConfigureAwait(false)).Entries.GetValueOrDefault(path);

    public async IAsyncEnumerable<SourceEntry> ListAsync(string directoryPath, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var index = await IndexAsync(cancellationToken).ConfigureAwait(false);
        foreach (var child in index.Children.GetValueOrDefault(directoryPath) ?? [])
            yield return index.Entries[child];
    }

    public async ValueTask<Stream> OpenReadAsync(string path, CancellationToken cancellationToken) =>
        await store.OpenReadAsync(bucket, _prefix + path, null, cancellationToken).ConfigureAwait(false);

    private Task<Index> IndexAsync(CancellationToken cancellationToken) => _index ??= ReadIndexAsync(cancellationToken);

    private async Task<Index> ReadIndexAsync(CancellationToken cancellationToken)
    {
        var index = new Index();
        index.Entries[""] = new SourceEntry("", SourceEntryKind.Directory, 0);
        string? token = null;
        do
        {
            var page = await store.ListAsync(bucket, _prefix, token, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Objects)
            {
                var relative = item.Key[_prefix.Length..];
                var isMarker = relative.EndsWith('/');
                var path = isMarker ? relative[..^1] : relative;
                if (path.Length == 0)
                    continue; // the prefix's own folder marker
                if (path.Split('/').Any(s => s is "" or "." or ".."))
                    throw new InvalidDataException($"s3://{bucket}/{item.Key}: the key is not a safe relative path (empty, '.' or '..' segment)");
                index.Add(path, isMarker ? SourceEntryKind.Directory : SourceEntryKind.File, isMarker ? 0 : item.Size);
            }
            token = page.NextContinuationToken;
        }
        while (token is not null);
        return index;
    }

    private sealed class Index
    {
        public Dictionary<string, SourceEntry> Entries { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<string>> Children { get; } = new(StringComparer.Ordinal);

        public void Add(string path, SourceEntryKind kind, long length)
        {
            if (Entries.TryGetValue(path, out var existing))
            {
                // "a" as an object and "a/b" under it: S3 allows both, a tree cannot hold them.
                if (existing.Kind != kind || kind == SourceEntryKind.File)
                    throw new InvalidDataException($"'{path}' is both an object and a folder of objects");
                return;
            }
            Entries[path] = new SourceEntry(path, kind, length);
            var slash = path.LastIndexOf('/');
            var parent = slash < 0 ? "" : path[..slash];
            if (!Children.TryGetValue(parent, out var siblings))
                Children[parent] = siblings = [];
            siblings.Add(path);
            if (parent.Length > 0)
                Add(parent, SourceEntryKind.Directory, 0);
        }
    }
}
