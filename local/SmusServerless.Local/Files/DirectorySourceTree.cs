using System.Runtime.CompilerServices;
using SmusServerless.Core.Bundle;

namespace SmusServerless.Local.Files;

/// <summary>A directory on disk as an <see cref="ISourceTree"/>. Links are reported, never followed.</summary>
public sealed class DirectorySourceTree : ISourceTree
{
    private readonly string _root;

    public DirectorySourceTree(string root)
    {
        _root = System.IO.Path.GetFullPath(root);
        if (!Directory.Exists(_root))
            throw new DirectoryNotFoundException($"'{root}' is not a directory");
    }

    public string Location => _root;

    public ValueTask<SourceEntry?> GetEntryAsync(string path, CancellationToken cancellationToken)
    {
        var full = FullPath(path);
        FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
        // FileInfo.Exists is false for dangling links and for directories: look at the link itself first.
        if (info.LinkTarget is null && !info.Exists)
            return ValueTask.FromResult<SourceEntry?>(null);
        return ValueTask.FromResult<SourceEntry?>(Describe(path, info));
    }

    public async IAsyncEnumerable<SourceEntry> ListAsync(string directoryPath, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var directory = new DirectoryInfo(FullPath(directoryPath));
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false, ReturnSpecialDirectories = false };
        foreach (var info in directory.EnumerateFileSystemInfos("*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = directoryPath.Length == 0 ? info.Name : $"{directoryPath}/{info.Name}";
            yield return Describe(relative, info);
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public ValueTask<Stream> OpenReadAsync(string path, CancellationToken cancellationToken) =>
        ValueTask.FromResult<Stream>(new FileStream(FullPath(path), new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            BufferSize = 0, // the writer reads in large blocks already
        }));

    private static SourceEntry Describe(string relative, FileSystemInfo info)
    {
        if (info.LinkTarget is not null)
            return new SourceEntry(relative, SourceEntryKind.SymbolicLink, 0);
        if (info is DirectoryInfo)
            return new SourceEntry(relative, SourceEntryKind.Directory, 0);
        var file = (FileInfo)info;
        // FIFOs, sockets and devices report length 0; only those need a closer look (opening a FIFO would block).
        if (file.Length == 0 && UnixFileType.IsSpecial(file.FullName))
            return new SourceEntry(relative, SourceEntryKind.Special, 0);
        return new SourceEntry(relative, SourceEntryKind.File, file.Length);
    }

    private string FullPath(string relative)
    {
        if (relative.Length == 0)
            return _root;
        if (relative.StartsWith('/') || relative.Contains('\\') || relative.Split('/').Any(s => s is "" or "." or ".."))
            throw new ArgumentException($"'{relative}' is not a relative path inside {_root}", nameof(relative));
        return System.IO.Path.Combine(_root, relative);
    }
}
