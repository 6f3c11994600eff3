namespace SmusServerless.Core.Bundle;

/// <summary>
/// The names of a bundle, checked as they are added: no exact duplicate, no two names equal but for case, no name
/// used both as a file and as a directory. Shared by the content selector and the reader so both apply one rule.
/// </summary>
internal sealed class BundleEntryNameSet
{
    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _folded = new(StringComparer.OrdinalIgnoreCase);
    // Directories implied by file names ("a/b/c" implies "a/" and "a/b/"), case-folded, with the name that implied them.
    private readonly Dictionary<string, string> _impliedDirectories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds <paramref name="name"/>; returns null, or the reason it clashes and the name it clashes with.</summary>
    public (BundleRefusalReason Reason, string Other)? Add(string name)
    {
        if (!_exact.Add(name))
            return (BundleRefusalReason.DuplicateName, name);
        if (_folded.TryGetValue(name, out var other))
            return (BundleRefusalReason.CaseCollision, other);
        _folded[name] = name;

        var isDirectory = BundleEntryName.IsDirectory(name);
        var asFile = isDirectory ? name[..^1] : name;
        var asDirectory = asFile + "/";
        // A file "a" conflicts with anything under "a/"; a directory entry "a/" is fine with files under it.
        if (!isDirectory && _impliedDirectories.TryGetValue(asDirectory, out var child))
            return (BundleRefusalReason.PathConflict, child);
        if (!isDirectory && _folded.TryGetValue(asDirectory, out var directoryEntry))
            return (BundleRefusalReason.PathConflict, directoryEntry);
        if (isDirectory && _folded.TryGetValue(asFile, out var fileEntry))
            return (BundleRefusalReason.PathConflict, fileEntry);

        for (var slash = asFile.IndexOf('/'); slash >= 0; slash = asFile.IndexOf('/', slash + 1))
        {
            var parent = asFile[..(slash + 1)];
            if (_folded.TryGetValue(parent[..^1], out var parentFile))
                return (BundleRefusalReason.PathConflict, parentFile);
            _impliedDirectories.TryAdd(parent, name);
        }
        return null;
    }
}
