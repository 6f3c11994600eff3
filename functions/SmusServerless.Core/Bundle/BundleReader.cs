using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace SmusServerless.Core.Bundle;

/// <summary>
/// Reads a bundle from any <see cref="IRandomAccessSource"/> without loading it: one read of the tail (end records),
/// one of the central directory, then ranged reads per entry. <see cref="OpenAsync"/> refuses an unsafe or
/// inconsistent bundle (<see cref="BundleRefusedException"/> with a <see cref="BundleRefusalReason"/>) before any
/// entry data is handed out; entry streams check local headers, sizes, CRC-32 and the SHA-256 of bundle.json as
/// they are read, and <see cref="VerifyAsync"/> streams every file to check them all up front.
/// </summary>
public sealed class BundleReader
{
    /// <summary>First read from the end: the end record with the longest comment, the zip64 records, and the whole central directory of most bundles.</summary>
    private const int TailReadBytes = 256 * 1024;
    /// <summary>Room guessed for a local header's extra field when reading it together with the start of the data.</summary>
    private const int LocalExtraGuess = 512;
    internal const int BufferSize = 256 * 1024;

    private readonly IRandomAccessSource _source;
    private readonly BundleLimits _limits;
    private readonly Dictionary<string, BundleEntry> _byName;
    private readonly long _centralDirectoryOffset;
    private BundleDescriptor? _descriptor;
    private Dictionary<string, BundleFileRecord>? _listed;

    private BundleReader(IRandomAccessSource source, BundleLimits limits, IReadOnlyList<BundleEntry> entries, long centralDirectoryOffset)
    {
        _source = source;
        _limits = limits;
        Entries = entries;
        _byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        _centralDirectoryOffset = centralDirectoryOffset;
    }

    /// <summary>Every entry, in central-directory order.</summary>
    public IReadOnlyList<BundleEntry> Entries { get; }

    /// <summary>The bundle's bundle.json, already checked against the entry list (names and sizes).</summary>
    public BundleDescriptor Descriptor => _descriptor ?? throw new InvalidOperationException("not opened");

    /// <summary>
    /// Opens a bundle: reads and checks the end records and the central directory (names, types, flags, methods,
    /// limits, ratios, overlaps, duplicates), requires pipeline.yaml and bundle.json, reads bundle.json and checks
    /// that it lists exactly the zip's files with their sizes. Throws <see cref="BundleRefusedException"/>.
    /// </summary>
    public static async Task<BundleReader> OpenAsync(IRandomAccessSource source, BundleLimits? limits = null, CancellationToken cancellationToken = default)
    {
        limits ??= BundleLimits.Default;
        var (entries, centralDirectoryOffset) = await CentralDirectoryReader.ReadAsync(source, limits, cancellationToken).ConfigureAwait(false);
        var reader = new BundleReader(source, limits, entries, centralDirectoryOffset);
        await reader.LoadDescriptorAsync(cancellationToken).ConfigureAwait(false);
        return reader;
    }

    public BundleEntry? FindEntry(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// Streams an entry's content. The stream throws <see cref="BundleRefusedException"/> when the data disagrees
    /// with the declared size, CRC-32 or (for files listed in bundle.json) SHA-256 — at the latest when the end
    /// is read, so consume it to the end before trusting it.
    /// </summary>
    public Task<Stream> OpenEntryAsync(string name, CancellationToken cancellationToken) =>
        OpenEntryAsync(FindEntry(name) ?? throw new FileNotFoundException($"the bundle has no entry '{name}'"), cancellationToken);

    /// <inheritdoc cref="OpenEntryAsync(string, CancellationToken)"/>
    public async Task<Stream> OpenEntryAsync(BundleEntry entry, CancellationToken cancellationToken)
    {
        if (!_byName.TryGetValue(entry.Name, out var known) || !ReferenceEquals(known, entry))
            throw new ArgumentException($"'{entry.Name}' is not an entry of this bundle", nameof(entry));
        if (entry.IsDirectory)
            return new MemoryStream([], writable: false);
        byte[]? expectedSha256 = _listed is not null && _listed.TryGetValue(entry.Name, out var record) ? Convert.FromHexString(record.Sha256) : null;
        return await BundleEntryStream.OpenAsync(_source, entry, expectedSha256, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a small entry (pipeline.yaml, bundle.json) whole, up to <see cref="BundleLimits.MaxDescriptorBytes"/>.</summary>
    public async Task<byte[]> ReadAllBytesAsync(string name, CancellationToken cancellationToken)
    {
        var entry = FindEntry(name) ?? throw new FileNotFoundException($"the bundle has no entry '{name}'");
        if (entry.Size > _limits.MaxDescriptorBytes)
            throw new BundleRefusedException(BundleRefusalReason.EntryTooLarge, name, $"{entry.Size} bytes; at most {_limits.MaxDescriptorBytes} are read into memory");
        var content = new byte[entry.Size];
        var stream = await OpenEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await stream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            // Reading past the end runs the end-of-entry checks (size, CRC, hash).
            if (await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) != 0)
                throw new BundleRefusedException(BundleRefusalReason.SizeMismatch, name, "more data than the declared size");
        }
        return content;
    }

    /// <summary>
    /// Streams every file listed in bundle.json (bounded memory) and checks its size, CRC-32 and SHA-256.
    /// Call before extracting or deploying anything.
    /// </summary>
    public async Task<BundleVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long bytes = 0;
            foreach (var file in Descriptor.Files)
            {
                var stream = await OpenEntryAsync(_byName[file.Path], cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    int read;
                    while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                        bytes += read;
                }
            }
            return new BundleVerification(Descriptor.Files.Count, bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task LoadDescriptorAsync(CancellationToken cancellationToken)
    {
        if (FindEntry(BundleEntryName.Manifest) is null)
            throw new BundleRefusedException(BundleRefusalReason.MissingPipelineYaml, null, $"no '{BundleEntryName.Manifest}' at the root of the bundle");
        var descriptorEntry = FindEntry(BundleEntryName.Descriptor)
            ?? throw new BundleRefusedException(BundleRefusalReason.MissingBundleJson, null, $"no '{BundleEntryName.Descriptor}' at the root of the bundle");
        if (descriptorEntry.Size > _limits.MaxDescriptorBytes)
            throw new BundleRefusedException(BundleRefusalReason.InvalidBundleJson, descriptorEntry.Name, $"{descriptorEntry.Size} bytes, more than the {_limits.MaxDescriptorBytes} allowed");

        var descriptor = BundleDescriptor.Parse(await ReadAllBytesAsync(BundleEntryName.Descriptor, cancellationToken).ConfigureAwait(false));
        var listed = descriptor.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (var file in descriptor.Files)
        {
            if (FindEntry(file.Path) is not { IsDirectory: false } entry)
                throw new BundleRefusedException(BundleRefusalReason.DescriptorMismatch, file.Path, "listed in bundle.json but not in the zip");
            if (entry.Size != file.Size)
                throw new BundleRefusedException(BundleRefusalReason.DescriptorMismatch, file.Path, $"bundle.json says {file.Size} bytes, the zip {entry.Size}");
        }
        foreach (var entry in Entries)
        {
            if (!entry.IsDirectory && entry.Name != BundleEntryName.Descriptor && !listed.ContainsKey(entry.Name))
                throw new BundleRefusedException(BundleRefusalReason.DescriptorMismatch, entry.Name, "in the zip but not listed in bundle.json");
        }
        _descriptor = descriptor;
        _listed = listed;
    }

    /// <summary>Parses and checks the end records and central directory.</summary>
    private static class CentralDirectoryReader
    {
        public static async Task<(IReadOnlyList<BundleEntry> Entries, long CentralDirectoryOffset)> ReadAsync(IRandomAccessSource source, BundleLimits limits, CancellationToken cancellationToken)
        {
            var length = source.Length;
            if (length < ZipFormat.EndOfCentralDirectorySize)
                throw NotAZip($"{length} bytes is too short for a zip");
            var tailLength = (int)Math.Min(length, TailReadBytes);
            var tailStart = length - tailLength;
            var tail = new byte[tailLength];
            await source.ReadExactlyAsync(tailStart, tail, cancellationToken).ConfigureAwait(false);

            var eocd = FindEndRecord(tail);
            var end = tail.AsSpan(eocd);
            var disk = BinaryPrimitives.ReadUInt16LittleEndian(end[4..]);
            var directoryDisk = BinaryPrimitives.ReadUInt16LittleEndian(end[6..]);
            long entriesOnDisk = BinaryPrimitives.ReadUInt16LittleEndian(end[8..]);
            long entryCount = BinaryPrimitives.ReadUInt16LittleEndian(end[10..]);
            long directorySize = BinaryPrimitives.ReadUInt32LittleEndian(end[12..]);
            long directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(end[16..]);
            long directoryEnd = tailStart + eocd; // where the central directory must end

            var locator = eocd - ZipFormat.Zip64LocatorSize;
            if (locator >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(locator)) == ZipFormat.Zip64LocatorSignature)
            {
                var zip64Disk = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(locator + 4));
                var zip64Offset = BinaryPrimitives.ReadInt64LittleEndian(tail.AsSpan(locator + 8));
                var totalDisks = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(locator + 16));
                if (zip64Disk != 0 || totalDisks > 1)
                    throw new BundleRefusedException(BundleRefusalReason.UnsupportedFeature, null, "split or spanned zip64 archive");
                var locatorPosition = tailStart + locator;
                if (zip64Offset < 0 || zip64Offset + ZipFormat.Zip64EndOfCentralDirectorySize > locatorPosition)
                    throw Corrupt("the zip64 locator points outside the file");
                var record = new byte[ZipFormat.Zip64EndOfCentralDirectorySize];
                if (zip64Offset >= tailStart)
                    tail.AsSpan((int)(zip64Offset - tailStart), record.Length).CopyTo(record);
                else
                    await source.ReadExactlyAsync(zip64Offset, record, cancellationToken).ConfigureAwait(false);
                if (BinaryPrimitives.ReadUInt32LittleEndian(record) != ZipFormat.Zip64EndOfCentralDirectorySignature)
                    throw Corrupt("no zip64 end-of-central-directory record where the locator points");
                var recordSize = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(4));
                if (zip64Offset + 12 + recordSize != locatorPosition)
                    throw Corrupt("the zip64 end record's size does not reach the locator");
                disk = (ushort)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(16)), ushort.MaxValue);
                directoryDisk = (ushort)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(20)), ushort.MaxValue);
                entriesOnDisk = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(24));
                entryCount = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(32));
                directorySize = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(40));
                directoryOffset = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(48));
                directoryEnd = zip64Offset;
            }

            if (disk != 0 || directoryDisk != 0 || entriesOnDisk != entryCount)
                throw new BundleRefusedException(BundleRefusalReason.UnsupportedFeature, null, "split or spanned archive");
            if (entryCount < 0 || entryCount > limits.MaxEntries)
                throw new BundleRefusedException(BundleRefusalReason.TooManyEntries, null, $"{entryCount} entries; at most {limits.MaxEntries} are allowed");
            if (directorySize < 0 || directorySize > limits.MaxCentralDirectoryBytes)
                throw new BundleRefusedException(BundleRefusalReason.CentralDirectoryTooLarge, null, $"central directory of {directorySize} bytes; at most {limits.MaxCentralDirectoryBytes} are allowed");
            if (directoryOffset < 0 || directoryOffset + directorySize != directoryEnd)
                throw Corrupt($"the central directory (offset {directoryOffset}, {directorySize} bytes) does not end where the end record starts ({directoryEnd}): bytes were added, removed or the zip is truncated");
            if (entryCount * ZipFormat.CentralHeaderSize > directorySize)
                throw Corrupt($"{entryCount} entries cannot fit in a central directory of {directorySize} bytes");

            byte[] directory;
            int directoryStart;
            if (directoryOffset >= tailStart)
            {
                directory = tail;
                directoryStart = (int)(directoryOffset - tailStart);
            }
            else
            {
                directory = new byte[directorySize];
                directoryStart = 0;
                await source.ReadExactlyAsync(directoryOffset, directory, cancellationToken).ConfigureAwait(false);
            }

            var entries = ParseEntries(directory.AsSpan(directoryStart, (int)directorySize), (int)entryCount, directoryOffset, limits);
            CheckOverlaps(entries, directoryOffset);
            return (entries, directoryOffset);
        }

        /// <summary>The end record is the last "PK\5\6" whose comment length reaches exactly the end of the file.</summary>
        private static int FindEndRecord(byte[] tail)
        {
            var lowest = Math.Max(0, tail.Length - ZipFormat.EndOfCentralDirectorySize - ZipFormat.MaxCommentLength);
            for (var i = tail.Length - ZipFormat.EndOfCentralDirectorySize; i >= lowest; i--)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == ZipFormat.EndOfCentralDirectorySignature
                    && i + ZipFormat.EndOfCentralDirectorySize + BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 20)) == tail.Length)
                    return i;
            }
            throw NotAZip("no end-of-central-directory record: this is not a zip file (or it is truncated)");
        }

        private static List<BundleEntry> ParseEntries(ReadOnlySpan<byte> directory, int count, long directoryOffset, BundleLimits limits)
        {
            var entries = new List<BundleEntry>(count);
            var names = new BundleEntryNameSet();
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            long total = 0;
            var position = 0;
            for (var index = 0; index < count; index++)
            {
                if (position + ZipFormat.CentralHeaderSize > directory.Length
                    || BinaryPrimitives.ReadUInt32LittleEndian(directory[position..]) != ZipFormat.CentralHeaderSignature)
                    throw Corrupt($"central directory record {index} is missing or truncated");
                var header = directory[position..];
                var madeBy = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
                var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
                var method = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
                var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
                long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
                long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
                var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
                var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
                var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
                long diskStart = BinaryPrimitives.ReadUInt16LittleEndian(header[34..]);
                var external = BinaryPrimitives.ReadUInt32LittleEndian(header[38..]);
                long offset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
                var recordLength = ZipFormat.CentralHeaderSize + nameLength + extraLength + commentLength;
                if (position + recordLength > directory.Length)
                    throw Corrupt($"central directory record {index} runs past the end of the directory");
                var nameBytes = header.Slice(ZipFormat.CentralHeaderSize, nameLength).ToArray();
                var extra = header.Slice(ZipFormat.CentralHeaderSize + nameLength, extraLength);
                position += recordLength;

                string name;
                try
                {
                    name = utf8.GetString(nameBytes);
                }
                catch (DecoderFallbackException)
                {
                    throw new BundleRefusedException(BundleRefusalReason.InvalidName, Encoding.Latin1.GetString(nameBytes), "the name is not UTF-8");
                }

                var zip64 = ReadZip64Extra(extra, name, uncompressed == ZipFormat.Zip32Max, compressed == ZipFormat.Zip32Max, offset == ZipFormat.Zip32Max, diskStart == ZipFormat.Zip16Max, isLocal: false);
                var hasZip64Sizes = zip64.Uncompressed is not null || zip64.Compressed is not null;
                uncompressed = zip64.Uncompressed ?? uncompressed;
                compressed = zip64.Compressed ?? compressed;
                offset = zip64.Offset ?? offset;
                diskStart = zip64.Disk ?? diskStart;

                if (BundleEntryName.Check(name, limits.MaxNameBytes) is { } problem)
                    throw new BundleRefusedException(problem.Reason, name, problem.Detail);
                if ((flags & (ZipFormat.FlagEncrypted | ZipFormat.FlagStrongEncryption | ZipFormat.FlagMaskedHeaders)) != 0 || method == 99)
                    throw new BundleRefusedException(BundleRefusalReason.Encrypted, name, "encrypted entries are not accepted");
                if (method is not (ZipFormat.MethodStored or ZipFormat.MethodDeflated))
                    throw new BundleRefusedException(BundleRefusalReason.UnsupportedCompression, name, $"compression method {method}; only stored (0) and deflate (8) are accepted");
                CheckType(name, madeBy, external);
                if (diskStart != 0)
                    throw new BundleRefusedException(BundleRefusalReason.UnsupportedFeature, name, "entry on another disk of a split archive");
                if (BundleEntryName.IsDirectory(name) && (uncompressed != 0 || compressed > 2))
                    throw new BundleRefusedException(BundleRefusalReason.SizeMismatch, name, "a directory entry with data");
                if (uncompressed > limits.MaxEntryBytes)
                    throw new BundleRefusedException(BundleRefusalReason.EntryTooLarge, name, $"{uncompressed} bytes; at most {limits.MaxEntryBytes} per entry");
                total += uncompressed;
                if (total > limits.MaxTotalBytes)
                    throw new BundleRefusedException(BundleRefusalReason.TotalSizeTooLarge, name, $"entries add up to more than {limits.MaxTotalBytes} bytes");
                if (method == ZipFormat.MethodStored && compressed != uncompressed)
                    throw new BundleRefusedException(BundleRefusalReason.SizeMismatch, name, $"a stored entry with compressed size {compressed} and size {uncompressed}");
                if (uncompressed >= limits.CompressionRatioFloorBytes && uncompressed > compressed * limits.MaxCompressionRatio)
                    throw new BundleRefusedException(BundleRefusalReason.CompressionBomb, name,
                        $"{uncompressed} bytes from {compressed} compressed: a ratio above {limits.MaxCompressionRatio}");
                if (offset + ZipFormat.LocalHeaderSize + nameLength + compressed > directoryOffset)
                    throw new BundleRefusedException(BundleRefusalReason.SizeMismatch, name, $"the declared data (offset {offset}, {compressed} bytes) runs into the central directory");
                if (names.Add(name) is { } clash)
                    throw new BundleRefusedException(clash.Reason, name, clash.Reason switch
                    {
                        BundleRefusalReason.DuplicateName => "the name occurs twice",
                        BundleRefusalReason.CaseCollision => $"differs only by case from '{clash.Other}'",
                        _ => $"used both as a file and as a directory (with '{clash.Other}')",
                    });

                entries.Add(new BundleEntry(name, uncompressed, compressed, crc, method == ZipFormat.MethodDeflated)
                {
                    NameBytes = nameBytes,
                    Method = method,
                    Flags = flags,
                    LocalHeaderOffset = offset,
                    HasZip64Sizes = hasZip64Sizes,
                });
            }
            if (position != directory.Length)
                throw Corrupt($"the central directory holds {directory.Length - position} bytes after its {count} declared entries");
            return entries;
        }

        /// <summary>Links and devices are refused whatever their content: extracting them is how zips escape their directory.</summary>
        private static void CheckType(string name, ushort madeBy, uint external)
        {
            if ((external & ZipFormat.DosReparsePoint) != 0 && (madeBy >> 8) != ZipFormat.HostUnix)
                throw new BundleRefusedException(BundleRefusalReason.SymbolicLink, name, "a reparse point (link)");
            if ((madeBy >> 8) != ZipFormat.HostUnix)
                return;
            var type = (int)(external >> 16) & ZipFormat.UnixTypeMask;
            switch (type)
            {
                case 0 or ZipFormat.UnixRegular:
                    return;
                case ZipFormat.UnixDirectory when BundleEntryName.IsDirectory(name):
                    return;
                case ZipFormat.UnixDirectory:
                    throw new BundleRefusedException(BundleRefusalReason.InvalidName, name, "a directory whose name does not end in '/'");
                case ZipFormat.UnixSymlink:
                    throw new BundleRefusedException(BundleRefusalReason.SymbolicLink, name, "a symbolic link");
                default:
                    throw new BundleRefusedException(BundleRefusalReason.SpecialFile, name, $"a device, FIFO or socket (mode {Convert.ToString((int)(external >> 16), 8)})");
            }
        }

        /// <summary>Sorted by offset, each entry's smallest possible extent must end before the next entry starts.</summary>
        private static void CheckOverlaps(List<BundleEntry> entries, long directoryOffset)
        {
            var byOffset = entries.OrderBy(e => e.LocalHeaderOffset).ToList();
            if (byOffset.Count > 0 && byOffset[0].LocalHeaderOffset != 0)
                throw Corrupt($"{byOffset[0].LocalHeaderOffset} bytes before the first entry (a zip appended to something else)");
            for (var i = 0; i < byOffset.Count; i++)
            {
                var entry = byOffset[i];
                var next = i + 1 < byOffset.Count ? byOffset[i + 1].LocalHeaderOffset : directoryOffset;
                if (entry.LocalHeaderOffset + ZipFormat.LocalHeaderSize + entry.NameBytes.Length + entry.CompressedSize > next)
                    throw new BundleRefusedException(BundleRefusalReason.OverlappingEntries, entry.Name, "its data overlaps the next entry");
                entry.DataLimit = next;
            }
        }
    }

    internal readonly record struct Zip64Values(long? Uncompressed, long? Compressed, long? Offset, long? Disk);

    /// <summary>
    /// Reads the zip64 extra field: 8-byte values, in this order, for each 32-bit field that holds 0xFFFFFFFF
    /// (local headers always carry both sizes). Also refuses the Info-ZIP Unicode Path field, which lets a zip show
    /// one name to some tools and another to others.
    /// </summary>
    internal static Zip64Values ReadZip64Extra(ReadOnlySpan<byte> extra, string name, bool needUncompressed, bool needCompressed, bool needOffset, bool needDisk, bool isLocal)
    {
        Zip64Values values = default;
        var found = false;
        while (extra.Length > 0)
        {
            if (extra.Length < 4)
                throw new BundleRefusedException(BundleRefusalReason.CorruptStructure, name, "truncated extra field");
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (4 + size > extra.Length)
                throw new BundleRefusedException(BundleRefusalReason.CorruptStructure, name, "an extra field runs past its header's end");
            var data = extra.Slice(4, size);
            if (id == ZipFormat.UnicodePathExtraId)
                throw new BundleRefusedException(BundleRefusalReason.InvalidName, name, "an Info-ZIP Unicode Path field (names must be plain UTF-8)");
            if (id == ZipFormat.Zip64ExtraId && !found)
            {
                found = true;
                var position = 0;
                var both = needUncompressed || needCompressed;
                values = isLocal
                    ? new Zip64Values(NextValue(data, ref position, both, name), NextValue(data, ref position, both, name), null, null)
                    : new Zip64Values(
                        NextValue(data, ref position, needUncompressed, name),
                        NextValue(data, ref position, needCompressed, name),
                        NextValue(data, ref position, needOffset, name),
                        needDisk ? ReadDisk(data, ref position, name) : null);
            }
            extra = extra[(4 + size)..];
        }
        if (!found && (needUncompressed || needCompressed || needOffset || (needDisk && !isLocal)))
            throw new BundleRefusedException(BundleRefusalReason.CorruptStructure, name, "a size or offset of 0xFFFFFFFF without a zip64 extra field");
        return values;
    }

    private static long? NextValue(ReadOnlySpan<byte> data, ref int position, bool needed, string name)
    {
        if (!needed)
            return null;
        if (position + 8 > data.Length)
            throw new BundleRefusedException(BundleRefusalReason.CorruptStructure, name, "the zip64 extra field lacks a value its header needs");
        var value = BinaryPrimitives.ReadInt64LittleEndian(data[position..]);
        position += 8;
        if (value < 0)
            throw new BundleRefusedException(BundleRefusalReason.CorruptStructure, name, "a negative zip64 value");
        return value;
    }

    private static long ReadDisk(ReadOnlySpan<byte> data, ref int position, string name)
    {
        if (position + 4 > data.Length)
            throw new BundleRefusedException(BundleRefusalReason.CorruptStructure, name, "the zip64 extra field lacks the disk number");
        var disk = BinaryPrimitives.ReadUInt32LittleEndian(data[position..]);
        position += 4;
        return disk;
    }

    private static BundleRefusedException NotAZip(string detail) => new(BundleRefusalReason.NotAZip, null, detail);

    private static BundleRefusedException Corrupt(string detail) => new(BundleRefusalReason.CorruptStructure, null, detail);
}
