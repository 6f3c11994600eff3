namespace SmusServerless.Core.Bundle;

/// <summary>Why a bundle was refused. Stable names: they appear in CLI output, events and audit records.</summary>
public enum BundleRefusalReason
{
    /// <summary>No end-of-central-directory record: the file is not a zip at all.</summary>
    NotAZip,
    /// <summary>The zip structure is inconsistent or truncated (bad signatures, counts, offsets).</summary>
    CorruptStructure,
    /// <summary>A split/spanned archive or another zip feature this reader does not accept.</summary>
    UnsupportedFeature,
    /// <summary>A name with a <c>..</c> segment.</summary>
    PathTraversal,
    /// <summary>A name starting with '/'.</summary>
    AbsolutePath,
    /// <summary>A name containing '\' (a separator on Windows).</summary>
    Backslash,
    /// <summary>A name starting with a drive letter such as <c>C:</c>.</summary>
    DriveLetter,
    /// <summary>Empty, too long, not UTF-8, control characters, empty or '.' segments.</summary>
    InvalidName,
    /// <summary>An entry whose mode says symbolic link (or a Windows reparse point).</summary>
    SymbolicLink,
    /// <summary>A device, FIFO or socket entry.</summary>
    SpecialFile,
    DuplicateName,
    /// <summary>Two names that differ only by case (they would overwrite each other on case-insensitive systems).</summary>
    CaseCollision,
    /// <summary>A name used both as a file and as a directory (<c>a</c> and <c>a/b</c>).</summary>
    PathConflict,
    Encrypted,
    UnsupportedCompression,
    TooManyEntries,
    /// <summary>The central directory is larger than <see cref="BundleLimits.MaxCentralDirectoryBytes"/>.</summary>
    CentralDirectoryTooLarge,
    EntryTooLarge,
    TotalSizeTooLarge,
    /// <summary>Uncompressed/compressed ratio above <see cref="BundleLimits.MaxCompressionRatio"/>.</summary>
    CompressionBomb,
    /// <summary>Entries whose data overlap each other or the central directory (overlapping-entry bombs).</summary>
    OverlappingEntries,
    /// <summary>Sizes declared in the local header, central directory and data descriptor disagree with each other or with the data.</summary>
    SizeMismatch,
    /// <summary>The local header disagrees with the central directory (name, method, flags, CRC).</summary>
    LocalHeaderMismatch,
    CrcMismatch,
    /// <summary>The compressed data cannot be decompressed.</summary>
    CorruptData,
    MissingPipelineYaml,
    MissingBundleJson,
    /// <summary>bundle.json is not valid JSON of the expected shape.</summary>
    InvalidBundleJson,
    /// <summary>bundle.json lists a file the zip lacks, or its size differs, or the zip holds a file bundle.json does not list.</summary>
    DescriptorMismatch,
    /// <summary>An entry's SHA-256 differs from bundle.json.</summary>
    HashMismatch,
}

/// <summary>A bundle that must not be extracted or deployed, with the reason and the entry concerned (if any).</summary>
public sealed class BundleRefusedException(BundleRefusalReason reason, string? entryName, string detail)
    : Exception(entryName is null ? $"bundle refused ({reason}): {detail}" : $"bundle refused ({reason}) at entry '{Printable(entryName)}': {detail}")
{
    public BundleRefusalReason Reason { get; } = reason;

    /// <summary>The entry name as found in the zip (control characters escaped in <see cref="Exception.Message"/>), or null for the whole bundle.</summary>
    public string? EntryName { get; } = entryName;

    public string Detail { get; } = detail;

    // Names come from untrusted input: keep control characters out of logs and terminals.
    private static string Printable(string name)
    {
        var builder = new System.Text.StringBuilder(Math.Min(name.Length, 300));
        foreach (var c in name.Length > 300 ? name[..300] + "..." : name)
            builder.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        return builder.ToString();
    }
}
