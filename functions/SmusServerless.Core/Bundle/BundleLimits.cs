namespace SmusServerless.Core.Bundle;

/// <summary>
/// What <see cref="BundleReader"/> accepts. The defaults fit real SMUS projects (code, notebooks, SQL, small data
/// files) with a wide margin, while bounding what one bundle can make the pipeline read, write or hold.
/// </summary>
public sealed record BundleLimits
{
    /// <summary>Entries in the zip (files and directories). Default 20,000.</summary>
    public int MaxEntries { get; init; } = 20_000;

    /// <summary>Bytes of the central directory, read into memory at once. Default 16 MiB.</summary>
    public long MaxCentralDirectoryBytes { get; init; } = 16L << 20;

    /// <summary>UTF-8 bytes of one entry name. Default 1,024 (S3 keys are limited to 1,024 bytes too).</summary>
    public int MaxNameBytes { get; init; } = 1024;

    /// <summary>Uncompressed bytes of one entry. Default 4 GiB.</summary>
    public long MaxEntryBytes { get; init; } = 4L << 30;

    /// <summary>Uncompressed bytes of all entries together. Default 16 GiB.</summary>
    public long MaxTotalBytes { get; init; } = 16L << 30;

    /// <summary>
    /// Highest uncompressed/compressed ratio of one entry. Default 200 (deflate tops out near 1,032; source,
    /// notebooks and CSV stay well below 20).
    /// </summary>
    public double MaxCompressionRatio { get; init; } = 200;

    /// <summary>Entries smaller than this are not ratio-checked (tiny highly-repetitive files are harmless). Default 1 MiB.</summary>
    public long CompressionRatioFloorBytes { get; init; } = 1L << 20;

    /// <summary>Largest bundle.json (and pipeline.yaml) read into memory. Default 16 MiB.</summary>
    public int MaxDescriptorBytes { get; init; } = 16 << 20;

    public static BundleLimits Default { get; } = new();
}
