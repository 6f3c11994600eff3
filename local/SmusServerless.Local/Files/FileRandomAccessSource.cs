using Microsoft.Win32.SafeHandles;
using SmusServerless.Core.Bundle;

namespace SmusServerless.Local.Files;

/// <summary>A local file as an <see cref="IRandomAccessSource"/>: positional reads (pread), safe to use concurrently.</summary>
public sealed class FileRandomAccessSource : IRandomAccessSource, IDisposable
{
    private readonly SafeFileHandle _handle;

    private FileRandomAccessSource(SafeFileHandle handle, string path)
    {
        _handle = handle;
        Path = path;
        // The length is taken once: a bundle must not change while it is read.
        Length = RandomAccess.GetLength(handle);
    }

    public string Path { get; }

    public long Length { get; }

    public static FileRandomAccessSource Open(string path) =>
        new(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous | FileOptions.RandomAccess), path);

    public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset >= Length)
            return ValueTask.FromResult(0);
        var limited = buffer.Length > Length - offset ? buffer[..(int)(Length - offset)] : buffer;
        return RandomAccess.ReadAsync(_handle, limited, offset, cancellationToken);
    }

    public void Dispose() => _handle.Dispose();
}
