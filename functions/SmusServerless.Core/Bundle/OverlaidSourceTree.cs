namespace SmusServerless.Core.Bundle;

/// <summary>
/// A source tree with another tree mounted at one top-level directory name: <c>name/...</c> is read from the mounted
/// tree, everything else from the base tree (whose own entry of that name, if any, is hidden). It lets a bundle take a
/// folder from outside the manifest's directory (an application manifest's <c>tests.folder</c>, relative to the working
/// directory) under a path of the bundle's choosing.
/// </summary>
public sealed class OverlaidSourceTree : ISourceTree
{
    private readonly ISourceTree _base;
    private readonly string _name;
    private readonly ISourceTree _mounted;

    /// <param name="name">One path segment: the directory the mounted tree appears as.</param>
    public OverlaidSourceTree(ISourceTree baseTree, string name, ISourceTree mounted)
    {
        ArgumentNullException.ThrowIfNull(baseTree);
        ArgumentNullException.ThrowIfNull(mounted);
        if (string.IsNullOrEmpty(name) || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
            throw new ArgumentException($"'{name}' is not one path segment", nameof(name));
        _base = baseTree;
        _name = name;
        _mounted = mounted;
    }

    public string Location => $"{_base.Location} (with {_mounted.Location} as {_name}/)";

    public async ValueTask<SourceEntry?> GetEntryAsync(string path, CancellationToken cancellationToken)
    {
        if (path == _name) return new SourceEntry(_name, SourceEntryKind.Directory, 0);
        if (Inner(path) is not { } inner) return await _base.GetEntryAsync(path, cancellationToken).ConfigureAwait(false);
        return await _mounted.GetEntryAsync(inner, cancellationToken).ConfigureAwait(false) is { } entry
            ? entry with { Path = Outer(entry.Path) }
            : null;
    }

    public async IAsyncEnumerable<SourceEntry> ListAsync(string directoryPath, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (directoryPath == _name || Inner(directoryPath) is not null)
        {
            await foreach (var entry in _mounted.ListAsync(directoryPath == _name ? "" : Inner(directoryPath)!, cancellationToken).ConfigureAwait(false))
                yield return entry with { Path = Outer(entry.Path) };
            yield break;
        }
        await foreach (var entry in _base.ListAsync(directoryPath, cancellationToken).ConfigureAwait(false))
        {
            if (directoryPath.Length == 0 && entry.Path == _name) continue;
            yield return entry;
        }
        if (directoryPath.Length == 0)
            yield return new SourceEntry(_name, SourceEntryKind.Directory, 0);
    }

    public ValueTask<Stream> OpenReadAsync(string path, CancellationToken cancellationToken) =>
        Inner(path) is { } inner ? _mounted.OpenReadAsync(inner, cancellationToken) : _base.OpenReadAsync(path, cancellationToken);

    private string? Inner(string path) =>
        path.Length > _name.Length + 1 && path.StartsWith(_name, StringComparison.Ordinal) && path[_name.Length] == '/'
            ? path[(_name.Length + 1)..]
            : null;

    private string Outer(string innerPath) => innerPath.Length == 0 ? _name : $"{_name}/{innerPath}";
}
