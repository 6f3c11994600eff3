using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using SmusServerless.Core.Bundle;

namespace SmusServerless.Core.Tests.Bundle;

/// <summary>
/// One entry of a hand-made zip. Every field the reader checks can be set independently, so a test can make a
/// zip lie in exactly one way. By default the entry is honest (deflated, UTF-8 flag, unix mode 0644).
/// </summary>
internal sealed class CraftedEntry(string name, byte[] content)
{
    public string Name { get; set; } = name;
    public byte[]? NameBytes { get; set; }
    public byte[]? LocalNameBytes { get; set; }
    public byte[] Content { get; set; } = content;
    public ushort Method { get; set; } = 8;
    public ushort? LocalMethod { get; set; }
    public ushort Flags { get; set; } = 0x0800;
    public ushort MadeBy { get; set; } = 0x031E; // unix, zip 3.0
    public uint ExternalAttributes { get; set; } = 0x81A4u << 16;
    public uint? Crc { get; set; }
    public long? CentralSize { get; set; }
    public long? CentralCompressedSize { get; set; }
    public long? LocalSize { get; set; }
    public long? LocalCompressedSize { get; set; }
    public byte[]? CompressedOverride { get; set; }
    public byte[] CentralExtra { get; set; } = [];
    public byte[] LocalExtra { get; set; } = [];
    public bool Zip64 { get; set; }
    public bool DataDescriptor { get; set; }
    public long? DescriptorSize { get; set; }
    public long? OffsetOverride { get; set; }
    public ushort DiskStart { get; set; }

    public CraftedEntry(string name, string content) : this(name, Encoding.UTF8.GetBytes(content)) { }

    public byte[] Compressed()
    {
        if (CompressedOverride is not null)
            return CompressedOverride;
        if (Method != 8)
            return Content;
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            deflate.Write(Content);
        return buffer.ToArray();
    }
}

internal static class ZipCrafter
{
    /// <summary>An honest bundle: pipeline.yaml, the given files and a bundle.json listing them all.</summary>
    public static List<CraftedEntry> ValidBundle(params (string Name, string Content)[] files)
    {
        var entries = new List<CraftedEntry> { new("pipeline.yaml", "pipelineName: Demo\n") };
        entries.AddRange(files.Select(f => new CraftedEntry(f.Name, f.Content)));
        if (files.Length == 0)
            entries.Add(new CraftedEntry("storage/src/a.py", "print('a')\n"));
        entries.Add(DescriptorFor(entries));
        return entries;
    }

    /// <summary>A bundle.json entry listing <paramref name="entries"/> (directories excluded) with their real sizes and hashes.</summary>
    public static CraftedEntry DescriptorFor(IEnumerable<CraftedEntry> entries)
    {
        var files = entries.Where(e => !e.Name.EndsWith('/') && e.Name != "bundle.json")
            .Select(e => new BundleFileRecord(e.Name, e.Content.Length, Convert.ToHexStringLower(SHA256.HashData(e.Content))))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .GroupBy(f => f.Path).Select(g => g.First())
            .ToList();
        var descriptor = new BundleDescriptor(1, "Demo", "1.0.0", new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero), new BundleSource("abc123", "dev@example.com"), files);
        return new CraftedEntry("bundle.json", descriptor.ToJsonBytes());
    }

    public static byte[] Build(IReadOnlyList<CraftedEntry> entries, bool zip64End = false, byte[]? prefix = null, string comment = "", ushort diskNumber = 0)
    {
        using var zip = new MemoryStream();
        zip.Write(prefix ?? []);
        var offsets = new List<long>();
        var compressed = new List<byte[]>();
        foreach (var entry in entries)
        {
            offsets.Add(zip.Position);
            var data = entry.Compressed();
            compressed.Add(data);
            var crc = entry.Crc ?? Crc32.HashToUInt32(entry.Content);
            var name = entry.LocalNameBytes ?? entry.NameBytes ?? Encoding.UTF8.GetBytes(entry.Name);
            var size = entry.LocalSize ?? entry.Content.Length;
            var csize = entry.LocalCompressedSize ?? data.Length;
            var localExtra = entry.Zip64 ? Concat(Zip64Extra(size, csize), entry.LocalExtra) : entry.LocalExtra;
            var header = new byte[30];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), entry.Zip64 ? (ushort)45 : (ushort)20);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)(entry.Flags | (entry.DataDescriptor ? 8 : 0)));
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), entry.LocalMethod ?? entry.Method);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(12), 0x21);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(14), entry.DataDescriptor ? 0 : crc);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(18), entry.DataDescriptor ? 0 : entry.Zip64 ? uint.MaxValue : (uint)csize);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(22), entry.DataDescriptor ? 0 : entry.Zip64 ? uint.MaxValue : (uint)size);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), (ushort)name.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), (ushort)localExtra.Length);
            zip.Write(header);
            zip.Write(name);
            zip.Write(localExtra);
            zip.Write(data);
            if (entry.DataDescriptor)
            {
                var descriptor = new byte[entry.Zip64 ? 24 : 16];
                BinaryPrimitives.WriteUInt32LittleEndian(descriptor, 0x08074b50);
                BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(4), crc);
                if (entry.Zip64)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(descriptor.AsSpan(8), data.Length);
                    BinaryPrimitives.WriteInt64LittleEndian(descriptor.AsSpan(16), entry.DescriptorSize ?? entry.Content.Length);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(8), (uint)data.Length);
                    BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(12), (uint)(entry.DescriptorSize ?? entry.Content.Length));
                }
                zip.Write(descriptor);
            }
        }

        var directoryOffset = zip.Position;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var name = entry.NameBytes ?? Encoding.UTF8.GetBytes(entry.Name);
            var size = entry.CentralSize ?? entry.Content.Length;
            var csize = entry.CentralCompressedSize ?? compressed[i].Length;
            var offset = entry.OffsetOverride ?? offsets[i];
            var extra = entry.Zip64 ? Concat(Zip64Extra(size, csize, offset), entry.CentralExtra) : entry.CentralExtra;
            var header = new byte[46];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), entry.MadeBy);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), entry.Zip64 ? (ushort)45 : (ushort)20);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)(entry.Flags | (entry.DataDescriptor ? 8 : 0)));
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), entry.Method);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(14), 0x21);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), entry.Crc ?? Crc32.HashToUInt32(entry.Content));
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), entry.Zip64 ? uint.MaxValue : (uint)csize);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), entry.Zip64 ? uint.MaxValue : (uint)size);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), (ushort)name.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(30), (ushort)extra.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(34), entry.DiskStart);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(38), entry.ExternalAttributes);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(42), entry.Zip64 ? uint.MaxValue : (uint)offset);
            zip.Write(header);
            zip.Write(name);
            zip.Write(extra);
        }
        var directorySize = zip.Position - directoryOffset;

        if (zip64End)
        {
            var zip64Offset = zip.Position;
            var record = new byte[56];
            BinaryPrimitives.WriteUInt32LittleEndian(record, 0x06064b50);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(4), 44);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(12), 0x032D);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(14), 45);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(24), entries.Count);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(32), entries.Count);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(40), directorySize);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(48), directoryOffset);
            zip.Write(record);
            var locator = new byte[20];
            BinaryPrimitives.WriteUInt32LittleEndian(locator, 0x07064b50);
            BinaryPrimitives.WriteInt64LittleEndian(locator.AsSpan(8), zip64Offset);
            BinaryPrimitives.WriteUInt32LittleEndian(locator.AsSpan(16), 1);
            zip.Write(locator);
        }
        var commentBytes = Encoding.ASCII.GetBytes(comment);
        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(4), diskNumber);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(6), diskNumber);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), zip64End ? ushort.MaxValue : (ushort)entries.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), zip64End ? ushort.MaxValue : (ushort)entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), zip64End ? uint.MaxValue : (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), zip64End ? uint.MaxValue : (uint)directoryOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(20), (ushort)commentBytes.Length);
        zip.Write(end);
        zip.Write(commentBytes);
        return zip.ToArray();
    }

    public static byte[] ExtraField(ushort id, byte[] data)
    {
        var field = new byte[4 + data.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(field, id);
        BinaryPrimitives.WriteUInt16LittleEndian(field.AsSpan(2), (ushort)data.Length);
        data.CopyTo(field, 4);
        return field;
    }

    private static byte[] Zip64Extra(long size, long csize, long? offset = null)
    {
        var data = new byte[offset is null ? 16 : 24];
        BinaryPrimitives.WriteInt64LittleEndian(data, size);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(8), csize);
        if (offset is { } value)
            BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(16), value);
        return ExtraField(1, data);
    }

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];

    public static async Task<BundleReader> OpenAsync(byte[] zip, BundleLimits? limits = null) =>
        await BundleReader.OpenAsync(new StreamRandomAccessSource(new MemoryStream(zip, writable: false)), limits, CancellationToken.None);

    /// <summary>Opens and verifies; returns the refusal, failing the test when there is none.</summary>
    public static async Task<BundleRefusedException> RefusalAsync(byte[] zip, BundleLimits? limits = null) =>
        await Assert.ThrowsAsync<BundleRefusedException>(async () =>
        {
            var reader = await OpenAsync(zip, limits);
            await reader.VerifyAsync(CancellationToken.None);
        });
}
