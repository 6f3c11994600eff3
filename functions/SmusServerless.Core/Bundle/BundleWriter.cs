using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace SmusServerless.Core.Bundle;

/// <summary>What bundle.json says about a bundle besides its files.</summary>
public sealed record BundleMetadata(string Name, string Version, DateTimeOffset Created, BundleSource Source);

/// <summary>
/// Writes a bundle zip. Deterministic: the same metadata and file contents give the same bytes, because entries
/// are in ordinal name order (bundle.json last, as it describes the others), every entry has the DOS time
/// 1980-01-01 00:00, mode 0644 and the UTF-8 flag, nothing depends on file times or owners, and data is deflated
/// at <see cref="CompressionLevel.Optimal"/> (zlib level 6; bytes can differ across zlib builds, not across runs).
/// Files are streamed through a fixed buffer (bounded memory) and hashed (CRC-32, SHA-256) as they are written.
/// Entries of 3.75 GiB or more, offsets past 4 GiB and more than 65,534 entries use zip64 records.
/// </summary>
public sealed class BundleWriter
{
    private const int BufferSize = 256 * 1024;
    // Deflate can expand incompressible data slightly: entries this large get zip64 sizes up front.
    private const long Zip64EntryThreshold = 0xF000_0000;

    private readonly CompressionLevel _level;
    private readonly bool _forceZip64;

    public BundleWriter()
        : this(CompressionLevel.Optimal, forceZip64: false)
    {
    }

    /// <param name="forceZip64">Write zip64 records for every entry and the end record (tests of the zip64 paths without 4 GiB of data).</param>
    internal BundleWriter(CompressionLevel level, bool forceZip64)
    {
        _level = level;
        _forceZip64 = forceZip64;
    }

    /// <summary>
    /// Writes the bundle to <paramref name="output"/> (seekable and writable, positioned where the zip starts: local
    /// headers are completed in place once an entry's sizes are known) and returns its bundle.json.
    /// <paramref name="files"/> comes from <see cref="BundleContentSelector"/> and must hold <c>pipeline.yaml</c>.
    /// A file whose length changes while it is read fails the write.
    /// </summary>
    public async Task<BundleDescriptor> WriteAsync(Stream output, BundleMetadata metadata, IReadOnlyList<BundleContentFile> files, ISourceTree tree, CancellationToken cancellationToken)
    {
        if (!output.CanSeek || !output.CanWrite)
            throw new ArgumentException("The output stream must be writable and seekable.", nameof(output));
        BundleNaming.FileName(metadata.Name, metadata.Version); // validates both
        var ordered = CheckFiles(files);

        var origin = output.Position;
        var central = new List<CentralRecord>(ordered.Count + 1);
        var records = new List<BundleFileRecord>(ordered.Count);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            foreach (var file in ordered)
            {
                var content = await tree.OpenReadAsync(file.SourcePath, cancellationToken).ConfigureAwait(false);
                await using (content.ConfigureAwait(false))
                {
                    var (record, sha256) = await WriteEntryAsync(output, origin, file.EntryPath, content, file.Length, buffer, cancellationToken).ConfigureAwait(false);
                    if (record.UncompressedSize != file.Length)
                        throw new IOException($"{tree.Location}: '{file.SourcePath}' changed while it was bundled ({file.Length} bytes when selected, {record.UncompressedSize} read)");
                    central.Add(record);
                    records.Add(new BundleFileRecord(file.EntryPath, file.Length, sha256));
                }
            }

            var descriptor = new BundleDescriptor(
                BundleDescriptor.CurrentFormatVersion, metadata.Name, metadata.Version,
                DateTimeOffset.FromUnixTimeSeconds(metadata.Created.ToUnixTimeSeconds()), metadata.Source, records);
            var json = descriptor.ToJsonBytes();
            using (var jsonStream = new MemoryStream(json, writable: false))
            {
                var (record, _) = await WriteEntryAsync(output, origin, BundleEntryName.Descriptor, jsonStream, json.Length, buffer, cancellationToken).ConfigureAwait(false);
                central.Add(record);
            }

            await WriteCentralDirectoryAsync(output, origin, central, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return descriptor;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static List<BundleContentFile> CheckFiles(IReadOnlyList<BundleContentFile> files)
    {
        var names = new BundleEntryNameSet();
        names.Add(BundleEntryName.Descriptor);
        foreach (var file in files)
        {
            if (BundleEntryName.Check(file.EntryPath) is { } problem || BundleEntryName.IsDirectory(file.EntryPath))
                throw new ArgumentException($"'{file.EntryPath}' is not a valid bundle file name", nameof(files));
            if (names.Add(file.EntryPath) is { } clash)
                throw new ArgumentException($"'{file.EntryPath}' clashes with '{clash.Other}' ({clash.Reason})", nameof(files));
        }
        if (!files.Any(f => f.EntryPath == BundleEntryName.Manifest))
            throw new ArgumentException($"a bundle must contain '{BundleEntryName.Manifest}'", nameof(files));
        return [.. files.OrderBy(f => f.EntryPath, StringComparer.Ordinal)];
    }

    private async Task<(CentralRecord Record, string Sha256)> WriteEntryAsync(
        Stream output, long origin, string name, Stream content, long expectedLength, byte[] buffer, CancellationToken cancellationToken)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var zip64 = _forceZip64 || expectedLength >= Zip64EntryThreshold;
        var method = expectedLength == 0 ? ZipFormat.MethodStored : ZipFormat.MethodDeflated;
        var headerOffset = output.Position - origin;

        var header = new byte[ZipFormat.LocalHeaderSize + nameBytes.Length + (zip64 ? 20 : 0)];
        WriteLocalHeader(header, nameBytes, method, zip64, crc: 0, compressed: 0, uncompressed: 0);
        await output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        var dataStart = output.Position;

        var crc = new Crc32();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        if (method == ZipFormat.MethodDeflated)
        {
            var deflate = new DeflateStream(output, _level, leaveOpen: true);
            await using (deflate.ConfigureAwait(false))
                total = await CopyHashingAsync(content, deflate, crc, sha, expectedLength, buffer, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            total = await CopyHashingAsync(content, output, crc, sha, expectedLength, buffer, cancellationToken).ConfigureAwait(false);
        }
        var end = output.Position;
        var compressed = end - dataStart;
        if (!zip64 && (compressed >= ZipFormat.Zip32Max || total >= ZipFormat.Zip32Max))
            throw new IOException($"'{name}' grew past 4 GiB while it was bundled");

        var checksum = crc.GetCurrentHashAsUInt32();
        WriteLocalHeader(header, nameBytes, method, zip64, checksum, compressed, total);
        output.Position = headerOffset + origin;
        await output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        output.Position = end;

        var record = new CentralRecord(nameBytes, method, checksum, compressed, total, headerOffset, zip64);
        return (record, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>Copies at most <paramref name="expectedLength"/> + 1 bytes (one more reveals a file that grew) while hashing.</summary>
    private static async Task<long> CopyHashingAsync(Stream source, Stream destination, Crc32 crc, IncrementalHash sha, long expectedLength, byte[] buffer, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                return total;
            total += read;
            crc.Append(buffer.AsSpan(0, read));
            sha.AppendData(buffer, 0, read);
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            if (total > expectedLength)
                return total;
        }
    }

    private static void WriteLocalHeader(Span<byte> header, byte[] name, ushort method, bool zip64, uint crc, long compressed, long uncompressed)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, ZipFormat.LocalHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], zip64 ? ZipFormat.VersionZip64 : ZipFormat.VersionDeflate);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], ZipFormat.FlagUtf8);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], method);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], ZipFormat.FixedDosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], ZipFormat.FixedDosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[14..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(header[18..], zip64 ? ZipFormat.Zip32Max : (uint)compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(header[22..], zip64 ? ZipFormat.Zip32Max : (uint)uncompressed);
        BinaryPrimitives.WriteUInt16LittleEndian(header[26..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)(zip64 ? 20 : 0));
        name.CopyTo(header[30..]);
        if (zip64)
        {
            var extra = header[(30 + name.Length)..];
            BinaryPrimitives.WriteUInt16LittleEndian(extra, ZipFormat.Zip64ExtraId);
            BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], 16);
            BinaryPrimitives.WriteInt64LittleEndian(extra[4..], uncompressed);
            BinaryPrimitives.WriteInt64LittleEndian(extra[12..], compressed);
        }
    }

    private async Task WriteCentralDirectoryAsync(Stream output, long origin, List<CentralRecord> records, CancellationToken cancellationToken)
    {
        var directoryOffset = output.Position - origin;
        var scratch = new byte[ZipFormat.CentralHeaderSize + 0xFFFF + 28];
        foreach (var record in records)
        {
            var length = WriteCentralHeader(scratch, record);
            await output.WriteAsync(scratch.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        var directorySize = output.Position - origin - directoryOffset;

        var zip64End = _forceZip64 || records.Count >= ZipFormat.Zip16Max || directoryOffset >= ZipFormat.Zip32Max || directorySize >= ZipFormat.Zip32Max;
        var tail = new byte[ZipFormat.Zip64EndOfCentralDirectorySize + ZipFormat.Zip64LocatorSize + ZipFormat.EndOfCentralDirectorySize];
        var span = tail.AsSpan();
        if (zip64End)
        {
            var zip64Offset = directoryOffset + directorySize;
            BinaryPrimitives.WriteUInt32LittleEndian(span, ZipFormat.Zip64EndOfCentralDirectorySignature);
            BinaryPrimitives.WriteInt64LittleEndian(span[4..], ZipFormat.Zip64EndOfCentralDirectorySize - 12);
            BinaryPrimitives.WriteUInt16LittleEndian(span[12..], VersionMadeBy);
            BinaryPrimitives.WriteUInt16LittleEndian(span[14..], ZipFormat.VersionZip64);
            BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(span[20..], 0);
            BinaryPrimitives.WriteInt64LittleEndian(span[24..], records.Count);
            BinaryPrimitives.WriteInt64LittleEndian(span[32..], records.Count);
            BinaryPrimitives.WriteInt64LittleEndian(span[40..], directorySize);
            BinaryPrimitives.WriteInt64LittleEndian(span[48..], directoryOffset);
            span = span[ZipFormat.Zip64EndOfCentralDirectorySize..];
            BinaryPrimitives.WriteUInt32LittleEndian(span, ZipFormat.Zip64LocatorSignature);
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 0);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], zip64Offset);
            BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 1);
            span = span[ZipFormat.Zip64LocatorSize..];
        }
        var count = zip64End ? ZipFormat.Zip16Max : (ushort)records.Count;
        BinaryPrimitives.WriteUInt32LittleEndian(span, ZipFormat.EndOfCentralDirectorySignature);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], count);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], zip64End ? ZipFormat.Zip32Max : (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], zip64End ? ZipFormat.Zip32Max : (uint)directoryOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], 0);
        var tailLength = tail.Length - (span.Length - ZipFormat.EndOfCentralDirectorySize);
        await output.WriteAsync(tail.AsMemory(0, tailLength), cancellationToken).ConfigureAwait(false);
    }

    private const ushort VersionMadeBy = (ZipFormat.HostUnix << 8) | ZipFormat.VersionZip64;

    private int WriteCentralHeader(Span<byte> buffer, CentralRecord record)
    {
        var offsetZip64 = _forceZip64 || record.LocalHeaderOffset >= ZipFormat.Zip32Max;
        var extraLength = (record.Zip64 ? 16 : 0) + (offsetZip64 ? 8 : 0);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, ZipFormat.CentralHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[4..], VersionMadeBy);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[6..], record.Zip64 || offsetZip64 ? ZipFormat.VersionZip64 : ZipFormat.VersionDeflate);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[8..], ZipFormat.FlagUtf8);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[10..], record.Method);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[12..], ZipFormat.FixedDosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[14..], ZipFormat.FixedDosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[16..], record.Crc);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[20..], record.Zip64 ? ZipFormat.Zip32Max : (uint)record.CompressedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[24..], record.Zip64 ? ZipFormat.Zip32Max : (uint)record.UncompressedSize);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[28..], (ushort)record.Name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[30..], (ushort)(extraLength == 0 ? 0 : extraLength + 4));
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[32..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[34..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[36..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[38..], ZipFormat.RegularFileAttributes);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[42..], offsetZip64 ? ZipFormat.Zip32Max : (uint)record.LocalHeaderOffset);
        record.Name.CopyTo(buffer[46..]);
        var position = 46 + record.Name.Length;
        if (extraLength > 0)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer[position..], ZipFormat.Zip64ExtraId);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer[(position + 2)..], (ushort)extraLength);
            position += 4;
            if (record.Zip64)
            {
                BinaryPrimitives.WriteInt64LittleEndian(buffer[position..], record.UncompressedSize);
                BinaryPrimitives.WriteInt64LittleEndian(buffer[(position + 8)..], record.CompressedSize);
                position += 16;
            }
            if (offsetZip64)
            {
                BinaryPrimitives.WriteInt64LittleEndian(buffer[position..], record.LocalHeaderOffset);
                position += 8;
            }
        }
        return position;
    }

    private sealed record CentralRecord(byte[] Name, ushort Method, uint Crc, long CompressedSize, long UncompressedSize, long LocalHeaderOffset, bool Zip64);
}
