using System.IO.Compression;
using System.Runtime.CompilerServices;
using SmusServerless.Core.Bundle;

namespace SmusServerless.Cli.Bundles;

/// <summary>The file entries of a zip (a smus-cli bundle) as a source tree; directories are implied by the names.</summary>
public sealed class ZipArchiveSourceTree : ISourceTree
{
    private readonly ZipArchive _archive;
    private readonly Dictionary<string, ZipArchiveEntry> _files = new(StringComparer.Ordinal);

    /// <param name="location">The archive's path, for messages.</param>
    public ZipArchiveSourceTree(ZipArchive archive, string location)
    {
        _archive = archive;
        Location = location;
        foreach (var entry in archive.Entries)
            if (!entry.FullName.EndsWith('/')) _files.TryAdd(entry.FullName, entry);
    }

    public string Location { get; }

    public ValueTask<SourceEntry?> GetEntryAsync(string path, CancellationToken cancellationToken)
    {
        if (_files.TryGetValue(path, out var file))
            return ValueTask.FromResult<SourceEntry?>(new SourceEntry(path, SourceEntryKind.File, file.Length));
        var isDirectory = path.Length == 0 || _files.Keys.Any(k => k.StartsWith(path + "/", StringComparison.Ordinal));
        return ValueTask.FromResult(isDirectory ? new SourceEntry(path, SourceEntryKind.Directory, 0) : null);
    }

    public async IAsyncEnumerable<SourceEntry> ListAsync(string directoryPath, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = directoryPath.Length == 0 ? "" : directoryPath + "/";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, entry) in _files.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var rest = name[prefix.Length..];
            var slash = rest.IndexOf('/');
            var child = prefix + (slash < 0 ? rest : rest[..slash]);
            if (seen.Add(child))
                yield return slash < 0 ? new SourceEntry(child, SourceEntryKind.File, entry.Length) : new SourceEntry(child, SourceEntryKind.Directory, 0);
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public ValueTask<Stream> OpenReadAsync(string path, CancellationToken cancellationToken) =>
        _files.TryGetValue(path, out var entry)
            ? ValueTask.FromResult(entry.Open())
            : throw new FileNotFoundException($"{Location}: no entry '{path}'");

    /// <summary>The archive this tree reads (its entries are read one at a time).</summary>
    public ZipArchive Archive => _archive;
}
