using System.Runtime.CompilerServices;

namespace SmusServerless.Core.Bundle.Sources;

/// <summary>Where a selected file lands inside its item.</summary>
public enum SourceItemLayout
{
    /// <summary>The file keeps its path in the tree (a git item: <c>src/a.py</c> → <c>repositories/R/src/a.py</c>).</summary>
    KeepPaths,

    /// <summary>
    /// An include's contents land at the item's root, as smus-cli places a connection's files: a folder <c>X</c>
    /// contributes what is under it, a file its name, a glob what it matches relative to its wildcard-free leading folder.
    /// </summary>
    FolderContents,
}

/// <summary>
/// One content item read from a source tree: <paramref name="Where"/> names it in messages (<c>content.git[0]</c>),
/// <paramref name="EntryPrefix"/> is where its files go in the bundle (<c>repositories/R/</c>, <c>storage/N/</c>).
/// </summary>
public sealed record SourceItem(string Where, string EntryPrefix, IReadOnlyList<string> Include, IReadOnlyList<string> Exclude, SourceItemLayout Layout);

/// <summary>
/// Selects the files of one <see cref="SourceItem"/> from a tree. Includes are files, folders or globs relative to the
/// tree's root (none, <c>*</c> or <c>.</c>: everything); excludes are <see cref="ExcludePattern"/>s matched against the
/// path a file gets inside the item. <c>.git</c> is never selected. Links and special files, includes that match
/// nothing, two sources landing on one path and an item with no files are refused, naming the item and the path.
/// </summary>
public static class SourceItemSelector
{
    public static async Task<IReadOnlyList<BundleContentFile>> SelectAsync(ISourceTree tree, SourceItem item, CancellationToken cancellationToken)
    {
        var excludes = new List<ExcludePattern>();
        for (var i = 0; i < item.Exclude.Count; i++)
        {
            try
            {
                excludes.Add(ExcludePattern.Parse(item.Exclude[i]));
            }
            catch (FormatException e)
            {
                throw new BundleContentException($"{item.Where}.exclude[{i}]: {e.Message}");
            }
        }

        var selected = new Dictionary<string, BundleContentFile>(StringComparer.Ordinal);
        IReadOnlyList<string> includes = item.Include.Count == 0 ? ["*"] : item.Include;
        for (var i = 0; i < includes.Count; i++)
        {
            var where = item.Include.Count == 0 ? item.Where : $"{item.Where}.include[{i}] '{includes[i]}'";
            var found = 0;
            await foreach (var (inside, source) in SelectIncludeAsync(tree, item, includes[i], excludes, where, cancellationToken).ConfigureAwait(false))
            {
                found++;
                var entry = item.EntryPrefix + inside;
                if (selected.TryGetValue(entry, out var existing))
                {
                    if (existing.SourcePath == source.Path)
                        continue;
                    throw new BundleContentException($"{where}: '{source.Path}' and '{existing.SourcePath}' would both be bundled as '{entry}'");
                }
                selected.Add(entry, new BundleContentFile(entry, source.Path, source.Length));
            }
            if (found == 0 && IsGlob(includes[i]) && includes[i].Trim() != "*")
                throw new BundleContentException($"{where}: matches no file in {tree.Location}");
        }
        if (selected.Count == 0)
            throw new BundleContentException($"{item.Where}: selects no files from {tree.Location}");
        return [.. selected.Values.OrderBy(f => f.EntryPath, StringComparer.Ordinal)];
    }

    private static async IAsyncEnumerable<(string Inside, SourceEntry Source)> SelectIncludeAsync(
        ISourceTree tree, SourceItem item, string include, IReadOnlyList<ExcludePattern> excludes, string where,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = Normalize(include)
            ?? throw new BundleContentException($"{where}: must be a path inside {tree.Location} ('..', absolute paths and backslashes are not allowed)");
        var keep = item.Layout == SourceItemLayout.KeepPaths;
        if (path is "" or "*")
        {
            await foreach (var file in WalkAsync(tree, "", "", excludes, where, cancellationToken).ConfigureAwait(false))
                yield return file;
            yield break;
        }

        if (IsGlob(path))
        {
            var segments = path.Split('/');
            var fixedCount = segments.TakeWhile(s => !IsGlob(s)).Count();
            var root = string.Join('/', segments.Take(fixedCount));
            ExcludePattern pattern;
            try
            {
                pattern = ExcludePattern.Parse("/" + path);
            }
            catch (FormatException e)
            {
                throw new BundleContentException($"{where}: {e.Message}");
            }
            if (root.Length > 0 && await tree.GetEntryAsync(root, cancellationToken).ConfigureAwait(false) is not { Kind: SourceEntryKind.Directory })
                yield break;
            // Walk the glob's leading folder; a matching folder contributes everything under it.
            await foreach (var file in WalkAsync(tree, root, keep ? root : "", excludes, where, cancellationToken, matchFirst: pattern).ConfigureAwait(false))
                yield return file;
            yield break;
        }

        var entry = await tree.GetEntryAsync(path, cancellationToken).ConfigureAwait(false)
            ?? throw new BundleContentException($"{where}: no such file or folder in {tree.Location}");
        Refuse(entry, where);
        if (IsGitDirectory(path))
            throw new BundleContentException($"{where}: '.git' is never bundled");
        if (entry.Kind == SourceEntryKind.File)
        {
            var inside = keep ? path : path[(path.LastIndexOf('/') + 1)..];
            if (!IsExcluded(excludes, inside, isDirectory: false))
                yield return (inside, entry);
            yield break;
        }
        await foreach (var file in WalkAsync(tree, path, keep ? path : "", excludes, where, cancellationToken).ConfigureAwait(false))
            yield return file;
    }

    /// <summary>
    /// Depth-first, in name order. <paramref name="inside"/> is the directory's path inside the item (what excludes see).
    /// With <paramref name="matchFirst"/>, only entries matching it (by their tree path) are taken, with all under them.
    /// </summary>
    private static async IAsyncEnumerable<(string Inside, SourceEntry Source)> WalkAsync(
        ISourceTree tree, string directory, string inside, IReadOnlyList<ExcludePattern> excludes, string where,
        [EnumeratorCancellation] CancellationToken cancellationToken, ExcludePattern? matchFirst = null)
    {
        var children = new List<SourceEntry>();
        await foreach (var child in tree.ListAsync(directory, cancellationToken).ConfigureAwait(false))
            children.Add(child);
        children.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        foreach (var child in children)
        {
            if (IsGitDirectory(child.Path))
                continue;
            var name = child.Path[(child.Path.LastIndexOf('/') + 1)..];
            var childInside = inside.Length == 0 ? name : $"{inside}/{name}";
            var isDirectory = child.Kind == SourceEntryKind.Directory;
            var matched = matchFirst is null || matchFirst.Matches(child.Path, isDirectory);
            if (IsExcluded(excludes, childInside, isDirectory))
                continue;
            if (matched)
                Refuse(child, where);
            if (isDirectory)
            {
                await foreach (var file in WalkAsync(tree, child.Path, childInside, excludes, where, cancellationToken, matched ? null : matchFirst).ConfigureAwait(false))
                    yield return file;
            }
            else if (matched && child.Kind == SourceEntryKind.File)
            {
                yield return (childInside, child);
            }
        }
    }

    private static bool IsExcluded(IReadOnlyList<ExcludePattern> excludes, string inside, bool isDirectory) =>
        excludes.Any(e => e.Matches(inside, isDirectory));

    private static bool IsGitDirectory(string path) => path == ".git" || path.EndsWith("/.git", StringComparison.Ordinal);

    private static bool IsGlob(string text) => text.IndexOfAny(['*', '?', '[']) >= 0;

    private static void Refuse(SourceEntry entry, string where)
    {
        if (entry.Kind == SourceEntryKind.SymbolicLink)
            throw new BundleContentException($"{where}: '{entry.Path}' is a symbolic link; bundles hold regular files only (exclude it)");
        if (entry.Kind == SourceEntryKind.Special)
            throw new BundleContentException($"{where}: '{entry.Path}' is a device, FIFO or socket; bundles hold regular files only");
    }

    /// <summary>"./a/b/" → "a/b"; "." → ""; null for absolute paths, backslashes or '..'.</summary>
    private static string? Normalize(string path)
    {
        var trimmed = path.Trim();
        if (trimmed.StartsWith('/') || trimmed.Contains('\\') || (trimmed.Length >= 2 && trimmed[1] == ':') || trimmed.StartsWith('~'))
            return null;
        var segments = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        return segments.Contains("..") ? null : string.Join('/', segments);
    }
}
