namespace SmusServerless.Core.Bundle;

/// <summary>One entry of a bundle as its central directory declares it (checked against the data when streamed).</summary>
public sealed record BundleEntry(string Name, long Size, long CompressedSize, uint Crc32, bool IsCompressed)
{
    /// <summary>Directory entries (names ending in '/') carry no data; bundles written by <see cref="BundleWriter"/> have none.</summary>
    public bool IsDirectory => BundleEntryName.IsDirectory(Name);

    // Where the entry lives in the zip, as the central directory says; internal to the reader.
    internal byte[] NameBytes { get; init; } = [];
    internal ushort Method { get; init; }
    internal ushort Flags { get; init; }
    internal long LocalHeaderOffset { get; init; }
    /// <summary>Where the next entry (or the central directory) starts: this entry's data must end before it.</summary>
    internal long DataLimit { get; set; }
    /// <summary>The central directory used zip64 sizes: a data descriptor then carries 8-byte sizes.</summary>
    internal bool HasZip64Sizes { get; init; }
}

/// <summary>The result of <see cref="BundleReader.VerifyAsync"/>: every listed file streamed and matched its size, CRC-32 and SHA-256.</summary>
public sealed record BundleVerification(int Files, long Bytes);
