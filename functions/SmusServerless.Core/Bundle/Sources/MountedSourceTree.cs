using System.Runtime.CompilerServices;

namespace SmusServerless.Core.Bundle.Sources;

/// <summary>
/// Several source trees served as one, each under its own mount path (<c>checkout</c>, <c>git/0</c>, <c>connection/2</c>):
/// a bundle whose files come from the checkout, cloned repositories and connections is written from one tree. Paths
/// above the mount points are synthetic directories; paths outside every mount do not exist.
/// </summary>
public sealed class MountedSourceTree : ISourceTree
{
    private readonly List<(string Path, ISourceTree Tree)> _mounts = [];

    /// <param name="mounts">Mount path (relative, '/'-separated, not nested in another) → tree.</param>
    public MountedSourceTree(IEnumerable<KeyValuePair<string, ISourceTree>> mounts)
    {
        foreach (var (path, tree) in mounts)
        {
            if (path.Length == 0 || BundleEntryName.Check(path) is not null || BundleEntryName.IsDirectory(path))
                throw new ArgumentException($"mount path '{path}' is not a relative path", nameof(mounts));
            if (_mounts.Any(m => Contains(m.Path, path) || Contains(path, m.Path)))
                throw new ArgumentException($"mount path '{path}' overlaps another mount", nameof(mounts));
            _mounts.Add((path, tree));
        }
    }

    public string Location => string.Join(", ", _mounts.Select(m => $"{m.Path}: {m.Tree.Location}"));

    public async ValueTask<SourceEntry?> GetEntryAsync(string path, CancellationToken cancellationToken)
    {
        if (Find(path) is { } mounted)
        {
            var entry = await mounted.Tree.GetEntryAsync(mounted.Inner, cancellationToken).ConfigureAwait(false);
            return entry is null ? null : entry with { Path = path };
        }
        return IsAboveMount(path) ? new SourceEntry(path, SourceEntryKind.Directory, 0) : null;
    }

    public async IAsyncEnumerable<SourceEntry> ListAsync(string directoryPath, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Find(directoryPath) is { } mounted)
        {
            await foreach (var entry in mounted.Tree.ListAsync(mounted.Inner, cancellationToken).ConfigureAwait(false))
                yield return entry with { Path = Join(mounted.Path, entry.Path) };
            yield break;
        }
        var prefix = directoryPath.Length == 0 ? "" : directoryPath + "/";
        foreach (var name in _mounts.Where(m => m.Path.StartsWith(prefix, StringComparison.Ordinal))
                     .Select(m => m.Path[prefix.Length..].Split('/')[0]).Distinct(StringComparer.Ordinal))
            yield return new SourceEntry(prefix + name, SourceEntryKind.Directory, 0);
    }

    public ValueTask<Stream> OpenReadAsync(string path, CancellationToken cancellationToken) =>
        Find(path) is { } mounted
            ? mounted.Tree.OpenReadAsync(mounted.Inner, cancellationToken)
            : throw new FileNotFoundException($"'{path}' is under no mount of {Location}");

    /// <summary><paramref name="path"/> prefixed with <paramref name="mountPath"/>, as this tree names it.</summary>
    public static string Join(string mountPath, string path) => path.Length == 0 ? mountPath : $"{mountPath}/{path}";

    private (string Path, ISourceTree Tree, string Inner)? Find(string path)
    {
        foreach (var (mount, tree) in _mounts)
        {
            if (path == mount)
                return (mount, tree, "");
            if (path.StartsWith(mount + "/", StringComparison.Ordinal))
                return (mount, tree, path[(mount.Length + 1)..]);
        }
        return null;
    }

    private bool IsAboveMount(string path) =>
        path.Length == 0 || _mounts.Any(m => m.Path.StartsWith(path + "/", StringComparison.Ordinal));

    private static bool Contains(string outer, string inner) =>
        inner == outer || inner.StartsWith(outer + "/", StringComparison.Ordinal);
}
