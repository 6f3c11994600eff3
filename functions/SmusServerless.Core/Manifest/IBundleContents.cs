namespace SmusServerless.Core.Manifest;

/// <summary>
/// The files of a bundle, as bundle-relative paths with '/' separators (<c>storage/tests/test_a.py</c>).
/// Given to the loader, it lets validation check that what the manifest refers to is in the bundle.
/// </summary>
public interface IBundleContents
{
    bool ContainsFile(string path);

    /// <summary>True when at least one file lies under <paramref name="directory"/> (no trailing slash needed).</summary>
    bool ContainsDirectory(string directory);
}

/// <summary>A bundle's file list held in memory.</summary>
public sealed class BundleFileSet : IBundleContents
{
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);

    public BundleFileSet(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var raw in paths)
        {
            var path = raw.TrimStart('/');
            if (path.Length == 0 || path.EndsWith('/')) continue;
            _files.Add(path);
            for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
                _directories.Add(path[..slash]);
        }
    }

    public bool ContainsFile(string path) => _files.Contains(path);

    public bool ContainsDirectory(string directory) => _directories.Contains(directory.Trim('/'));
}
