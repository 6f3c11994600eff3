namespace SmusServerless.Core.Manifest;

/// <summary>Limits and optional context for <see cref="ManifestLoader"/>. The defaults suit any real pipeline.yaml.</summary>
public sealed record ManifestLoadOptions
{
    public static ManifestLoadOptions Default { get; } = new();

    /// <summary>Largest accepted document, in UTF-8 bytes.</summary>
    public int MaxDocumentBytes { get; init; } = 1024 * 1024;

    /// <summary>Deepest accepted nesting of mappings and lists (aliases included).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most alias references (<c>*name</c>) in one document.</summary>
    public int MaxAliases { get; init; } = 1000;

    /// <summary>Most nodes the document may have with every alias expanded; bounds "billion laughs" documents.</summary>
    public long MaxExpandedNodes { get; init; } = 100_000;

    /// <summary>
    /// The bundle's files, when known (bundle build, pipeline Resolve). Enables checks that the tests folder
    /// and the serverless DAG files the manifest names are in the bundle.
    /// </summary>
    public IBundleContents? BundleContents { get; init; }
}
