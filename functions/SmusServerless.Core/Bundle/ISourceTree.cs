namespace SmusServerless.Core.Bundle;

/// <summary>What a path in a <see cref="ISourceTree"/> is. Links and special files are never bundled.</summary>
public enum SourceEntryKind
{
    File,
    Directory,
    SymbolicLink,
    /// <summary>A device, FIFO, socket or anything else that is neither a regular file nor a directory.</summary>
    Special,
}

/// <summary>One entry of a source tree: a '/'-separated path relative to the tree's root.</summary>
public sealed record SourceEntry(string Path, SourceEntryKind Kind, long Length);

/// <summary>
/// The checkout a bundle is built from (the directory holding pipeline.yaml). Paths are relative to its root,
/// '/'-separated, never starting with '/' and without '.' or '..' segments; "" is the root itself.
/// </summary>
public interface ISourceTree
{
    /// <summary>Where the tree lives, for error messages (e.g. the root directory).</summary>
    string Location { get; }

    /// <summary>The entry at <paramref name="path"/> (without following a final symbolic link), or null when absent.</summary>
    ValueTask<SourceEntry?> GetEntryAsync(string path, CancellationToken cancellationToken);

    /// <summary>The direct children of the directory at <paramref name="directoryPath"/>, in any order.</summary>
    IAsyncEnumerable<SourceEntry> ListAsync(string directoryPath, CancellationToken cancellationToken);

    /// <summary>Opens the regular file at <paramref name="path"/> for reading.</summary>
    ValueTask<Stream> OpenReadAsync(string path, CancellationToken cancellationToken);
}
