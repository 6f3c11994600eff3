using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace SmusServerless.Core.Bundle;

/// <summary>
/// The content of one entry, decompressed as it is read. Checks the local header against the central directory
/// before the first byte, never decompresses more than the declared size (plus one byte to notice a lie), and at
/// the end checks size, CRC-32, the data descriptor (if any) and the expected SHA-256.
/// </summary>
internal sealed class BundleEntryStream : Stream
{
    private readonly BundleEntry _entry;
    private readonly CompressedRange _compressed;
    private readonly Stream _decoded;
    private readonly byte[]? _expectedSha256;
    private readonly IncrementalHash? _sha256;
    private readonly Crc32 _crc = new();
    private readonly IRandomAccessSource _source;
    private readonly bool _hasDataDescriptor;
    private long _produced;
    private bool _finished;

    private BundleEntryStream(IRandomAccessSource source, BundleEntry entry, CompressedRange compressed, bool hasDataDescriptor, byte[]? expectedSha256)
    {
        _source = source;
        _entry = entry;
        _compressed = compressed;
        _hasDataDescriptor = hasDataDescriptor;
        _decoded = entry.Method == ZipFormat.MethodDeflated ? new DeflateStream(compressed, CompressionMode.Decompress, leaveOpen: true) : compressed;
        _expectedSha256 = expectedSha256;
        _sha256 = expectedSha256 is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    /// <summary>Reads the local header (with the first data bytes in the same read) and checks it against the central directory.</summary>
    public static async Task<BundleEntryStream> OpenAsync(IRandomAccessSource source, BundleEntry entry, byte[]? expectedSha256, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BundleReader.BufferSize);
        try
        {
            var room = entry.DataLimit - entry.LocalHeaderOffset;
            var want = (int)Math.Min(Math.Min(BundleReader.BufferSize, room),
                ZipFormat.LocalHeaderSize + entry.NameBytes.Length + 512 + entry.CompressedSize);
            var read = await ReadAtLeastAsync(source, entry.LocalHeaderOffset, buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
            var header = buffer.AsSpan(0, read);
            if (header.Length < ZipFormat.LocalHeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(header) != ZipFormat.LocalHeaderSignature)
                throw Refuse(entry, BundleRefusalReason.LocalHeaderMismatch, $"no local header at offset {entry.LocalHeaderOffset}");
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
            var method = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[14..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[18..]);
            long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[22..]);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[26..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            var headerLength = ZipFormat.LocalHeaderSize + nameLength + extraLength;
            if (entry.LocalHeaderOffset + headerLength + entry.CompressedSize > entry.DataLimit)
                throw Refuse(entry, BundleRefusalReason.OverlappingEntries, "the local header and data run into the next entry");
            if (headerLength > read)
            {
                // The extra field was longer than guessed: read the header again, whole.
                read = await ReadAtLeastAsync(source, entry.LocalHeaderOffset, buffer.AsMemory(0, Math.Min(BundleReader.BufferSize, (int)Math.Min(room, headerLength + entry.CompressedSize))), cancellationToken).ConfigureAwait(false);
                if (headerLength > read)
                    throw Refuse(entry, BundleRefusalReason.CorruptStructure, "truncated local header");
                header = buffer.AsSpan(0, read);
            }
            if (!header.Slice(ZipFormat.LocalHeaderSize, nameLength).SequenceEqual(entry.NameBytes))
                throw Refuse(entry, BundleRefusalReason.LocalHeaderMismatch, "the local header names a different file than the central directory");
            if ((flags & (ZipFormat.FlagEncrypted | ZipFormat.FlagStrongEncryption)) != 0)
                throw Refuse(entry, BundleRefusalReason.Encrypted, "the local header says encrypted");
            if (method != entry.Method)
                throw Refuse(entry, BundleRefusalReason.LocalHeaderMismatch, $"the local header says compression method {method}, the central directory {entry.Method}");

            var zip64 = BundleReader.ReadZip64Extra(header.Slice(ZipFormat.LocalHeaderSize + nameLength, extraLength), entry.Name,
                uncompressed == ZipFormat.Zip32Max, compressed == ZipFormat.Zip32Max, needOffset: false, needDisk: false, isLocal: true);
            uncompressed = zip64.Uncompressed ?? uncompressed;
            compressed = zip64.Compressed ?? compressed;
            var hasDataDescriptor = (flags & ZipFormat.FlagDataDescriptor) != 0;
            // With a data descriptor the local header may hold zeros; any other value must agree.
            if (!(hasDataDescriptor && crc == 0) && crc != entry.Crc32)
                throw Refuse(entry, BundleRefusalReason.LocalHeaderMismatch, $"the local header says CRC {crc:x8}, the central directory {entry.Crc32:x8}");
            if (!(hasDataDescriptor && compressed == 0) && compressed != entry.CompressedSize)
                throw Refuse(entry, BundleRefusalReason.SizeMismatch, $"the local header says {compressed} compressed bytes, the central directory {entry.CompressedSize}");
            if (!(hasDataDescriptor && uncompressed == 0) && uncompressed != entry.Size)
                throw Refuse(entry, BundleRefusalReason.SizeMismatch, $"the local header says {uncompressed} bytes, the central directory {entry.Size}");

            var dataStart = entry.LocalHeaderOffset + headerLength;
            var range = new CompressedRange(source, entry, dataStart, buffer, headerLength, read);
            buffer = null; // owned by the range now
            return new BundleEntryStream(source, entry, range, hasDataDescriptor, expectedSha256);
        }
        finally
        {
            if (buffer is not null)
                ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_finished || buffer.Length == 0)
            return 0;
        // Ask for at most one byte past the declared size: enough to catch a lie, never enough to inflate a bomb.
        var want = (int)Math.Min(buffer.Length, _entry.Size - _produced + 1);
        int read;
        try
        {
            read = await _decoded.ReadAsync(buffer[..want], cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw Refuse(_entry, BundleRefusalReason.CorruptData, $"the compressed data is invalid ({e.Message})");
        }
        if (read == 0)
        {
            await FinishAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        _produced += read;
        if (_produced > _entry.Size)
            throw Refuse(_entry, BundleRefusalReason.SizeMismatch, $"the data is longer than the declared {_entry.Size} bytes");
        var span = buffer.Span[..read];
        _crc.Append(span);
        _sha256?.AppendData(span);
        return read;
    }

    private async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_produced != _entry.Size)
            throw Refuse(_entry, BundleRefusalReason.SizeMismatch, $"the data ends after {_produced} of the declared {_entry.Size} bytes");
        if (_compressed.Remaining > 0)
            throw Refuse(_entry, BundleRefusalReason.SizeMismatch, $"{_compressed.Remaining} compressed bytes remain after the end of the data");
        var crc = _crc.GetCurrentHashAsUInt32();
        if (crc != _entry.Crc32)
            throw Refuse(_entry, BundleRefusalReason.CrcMismatch, $"CRC-32 of the data is {crc:x8}, the zip declares {_entry.Crc32:x8}");
        if (_hasDataDescriptor)
            await CheckDataDescriptorAsync(cancellationToken).ConfigureAwait(false);
        if (_sha256 is not null && !CryptographicOperations.FixedTimeEquals(_sha256.GetHashAndReset(), _expectedSha256))
            throw Refuse(_entry, BundleRefusalReason.HashMismatch, "SHA-256 of the data differs from bundle.json");
        _finished = true;
    }

    private async Task CheckDataDescriptorAsync(CancellationToken cancellationToken)
    {
        var at = _compressed.End;
        var sizeWidth = _entry.HasZip64Sizes ? 8 : 4;
        var descriptor = new byte[4 + 4 + 2 * sizeWidth];
        var read = await ReadAtLeastAsync(_source, at, descriptor.AsMemory(0, (int)Math.Min(descriptor.Length, _entry.DataLimit - at)), cancellationToken).ConfigureAwait(false);
        var span = descriptor.AsSpan(0, read);
        if (span.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(span) == ZipFormat.DataDescriptorSignature)
            span = span[4..];
        if (span.Length < 4 + 2 * sizeWidth)
            throw Refuse(_entry, BundleRefusalReason.CorruptStructure, "truncated data descriptor");
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(span);
        var compressed = sizeWidth == 8 ? BinaryPrimitives.ReadInt64LittleEndian(span[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
        var uncompressed = sizeWidth == 8 ? BinaryPrimitives.ReadInt64LittleEndian(span[(4 + sizeWidth)..]) : BinaryPrimitives.ReadUInt32LittleEndian(span[(4 + sizeWidth)..]);
        if (crc != _entry.Crc32)
            throw Refuse(_entry, BundleRefusalReason.CrcMismatch, "the data descriptor's CRC differs from the central directory's");
        if (compressed != _entry.CompressedSize || uncompressed != _entry.Size)
            throw Refuse(_entry, BundleRefusalReason.SizeMismatch, "the data descriptor's sizes differ from the central directory's");
    }

    private static async Task<int> ReadAtLeastAsync(IRandomAccessSource source, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await source.ReadAsync(offset + total, buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read <= 0)
                break;
            total += read;
        }
        return total;
    }

    private static BundleRefusedException Refuse(BundleEntry entry, BundleRefusalReason reason, string detail) => new(reason, entry.Name, detail);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // The source is asynchronous; synchronous callers block on it.
    public override int Read(Span<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = ReadAsync(rented.AsMemory(0, buffer.Length)).AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _entry.Size;
    public override long Position { get => _produced; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (!ReferenceEquals(_decoded, _compressed))
                _decoded.Dispose();
            _compressed.Dispose();
            _sha256?.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>The compressed bytes of one entry, read from the source through one pooled buffer.</summary>
    private sealed class CompressedRange : Stream
    {
        private readonly IRandomAccessSource _source;
        private readonly BundleEntry _entry;
        private byte[]? _buffer;
        private long _next; // source offset of the next byte not yet buffered
        private int _bufferPosition;
        private int _bufferEnd;

        /// <param name="prefetched">A pooled buffer (now owned by this range) holding the local header and possibly the first data bytes in [headerLength, read).</param>
        public CompressedRange(IRandomAccessSource source, BundleEntry entry, long dataStart, byte[] prefetched, int headerLength, int read)
        {
            _source = source;
            _entry = entry;
            End = dataStart + entry.CompressedSize;
            _buffer = prefetched;
            _bufferPosition = headerLength;
            _bufferEnd = (int)Math.Min(read, headerLength + entry.CompressedSize);
            _next = dataStart + (_bufferEnd - _bufferPosition);
        }

        /// <summary>Source offset just past the compressed data.</summary>
        public long End { get; }

        public long Remaining => End - _next + (_bufferEnd - _bufferPosition);

        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            var buffer = _buffer ?? throw new ObjectDisposedException(nameof(CompressedRange));
            if (_bufferPosition == _bufferEnd)
            {
                var left = End - _next;
                if (left == 0 || destination.Length == 0)
                    return 0;
                if (destination.Length >= buffer.Length)
                {
                    // Large reads go straight to the caller's buffer.
                    var direct = await _source.ReadAsync(_next, destination[..(int)Math.Min(destination.Length, left)], cancellationToken).ConfigureAwait(false);
                    if (direct <= 0)
                        throw Refuse(_entry, BundleRefusalReason.CorruptStructure, "the bundle ends inside this entry's data");
                    _next += direct;
                    return direct;
                }
                var read = await _source.ReadAsync(_next, buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                if (read <= 0)
                    throw Refuse(_entry, BundleRefusalReason.CorruptStructure, "the bundle ends inside this entry's data");
                _next += read;
                _bufferPosition = 0;
                _bufferEnd = read;
            }
            var count = Math.Min(destination.Length, _bufferEnd - _bufferPosition);
            buffer.AsSpan(_bufferPosition, count).CopyTo(destination.Span);
            _bufferPosition += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _entry.CompressedSize;
        public override long Position { get => _entry.CompressedSize - Remaining; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && _buffer is { } buffer)
            {
                _buffer = null;
                ArrayPool<byte>.Shared.Return(buffer);
            }
            base.Dispose(disposing);
        }
    }
}
