using System.Runtime.CompilerServices;
using System.Text;
using SmusServerless.Core.Bundle;

namespace SmusServerless.Core.Tests.Bundle;

/// <summary>A source tree held in memory: files (fixed bytes or generated streams), links and special files; directories are implied.</summary>
internal sealed class InMemorySourceTree : ISourceTree
{
    private readonly Dictionary<string, (SourceEntryKind Kind, long Length, Func<Stream>? Open)> _entries = new(StringComparer.Ordinal);

    public string Location => "memory:/project";

    public InMemorySourceTree File(string path, string content) => File(path, Encoding.UTF8.GetBytes(content));

    public InMemorySourceTree File(string path, byte[] content)
    {
        Add(path, SourceEntryKind.File, content.Length, () => new MemoryStream(content, writable: false));
        return this;
    }

    /// <summary>A file whose content is generated on demand (never held in memory whole).</summary>
    public InMemorySourceTree GeneratedFile(string path, long length, int seed)
    {
        Add(path, SourceEntryKind.File, length, () => new GeneratedContentStream(length, seed));
        return this;
    }

    public InMemorySourceTree Link(string path)
    {
        Add(path, SourceEntryKind.SymbolicLink, 0, null);
        return this;
    }

    public InMemorySourceTree Special(string path)
    {
        Add(path, SourceEntryKind.Special, 0, null);
        return this;
    }

    /// <summary>Replaces the bytes of a file while keeping its listed length (a file that changes while bundled).</summary>
    public void ChangeContentKeepingLength(string path, byte[] content)
    {
        var entry = _entries[path];
        _entries[path] = entry with { Open = () => new MemoryStream(content, writable: false) };
    }

    private void Add(string path, SourceEntryKind kind, long length, Func<Stream>? open)
    {
        _entries[path] = (kind, length, open);
        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
            _entries.TryAdd(path[..slash], (SourceEntryKind.Directory, 0, null));
    }

    public ValueTask<SourceEntry?> GetEntryAsync(string path, CancellationToken cancellationToken) =>
        ValueTask.FromResult(path.Length == 0
            ? new SourceEntry("", SourceEntryKind.Directory, 0)
            : _entries.TryGetValue(path, out var e) ? new SourceEntry(path, e.Kind, e.Length) : null);

    public async IAsyncEnumerable<SourceEntry> ListAsync(string directoryPath, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = directoryPath.Length == 0 ? "" : directoryPath + "/";
        // Reverse order on purpose: the selector must not depend on listing order.
        foreach (var (path, e) in _entries.OrderByDescending(p => p.Key, StringComparer.Ordinal))
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && !path[prefix.Length..].Contains('/'))
                yield return new SourceEntry(path, e.Kind, e.Length);
        }
        await Task.CompletedTask;
    }

    public ValueTask<Stream> OpenReadAsync(string path, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_entries[path].Open!());
}

/// <summary>Deterministic, moderately compressible bytes (text-like) of a given length, produced as read.</summary>
internal sealed class GeneratedContentStream(long length, int seed) : Stream
{
    private static readonly byte[] Words = Encoding.ASCII.GetBytes("select from where group order by join table column value data pipeline bundle storage workflow ");
    private long _position;
    private uint _state = (uint)seed * 2654435761u + 1;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < n; i++)
        {
            _state ^= _state << 13;
            _state ^= _state >> 17;
            _state ^= _state << 5;
            // Mostly words, some noise: deflate gets roughly 3:1, like source code.
            buffer[i] = (_state & 7) == 0 ? (byte)(_state >> 24) : Words[(int)((_position + i + (_state >> 28)) % (uint)Words.Length)];
        }
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Counts the reads made against a source, to check that the reader keeps them few.</summary>
internal sealed class CountingSource(IRandomAccessSource inner) : IRandomAccessSource
{
    public int Reads;

    public long Length => inner.Length;

    public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Reads);
        return inner.ReadAsync(offset, buffer, cancellationToken);
    }
}
