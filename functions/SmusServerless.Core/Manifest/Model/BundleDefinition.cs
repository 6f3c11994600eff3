namespace SmusServerless.Core.Manifest;

/// <summary>The manifest's <c>bundle</c> section: what goes into a bundle.</summary>
public sealed record BundleDefinition(
    string BundlesDirectory,
    IReadOnlyList<BundleConnection> Workflow,
    IReadOnlyList<BundleConnection> Storage,
    GitSource? Git,
    CatalogDefinition? Catalog)
{
    public const string DefaultBundlesDirectory = "./bundles";

    public static BundleDefinition Empty { get; } = new(DefaultBundlesDirectory, [], [], null, null);

    /// <summary>Catalog assets to subscribe to (none when there is no catalog section).</summary>
    public IReadOnlyList<CatalogAsset> CatalogAssets => Catalog?.Assets ?? [];
}

/// <summary>
/// One <c>bundle.workflow[]</c> or <c>bundle.storage[]</c> item: files of the source project's connection to bundle.
/// <see cref="Append"/> is null when not written (the SMUS CLI defaulted it differently for workflow and storage).
/// </summary>
public sealed record BundleConnection(
    string ConnectionName,
    bool? Append,
    IReadOnlyList<string> Include,
    IReadOnlyList<string> Exclude,
    bool AirflowServerless);

/// <summary><c>bundle.git</c>: a repository cloned into <see cref="TargetDir"/> of the bundle.</summary>
public sealed record GitSource(string Repository, string Url, string TargetDir);

/// <summary><c>bundle.catalog</c>. <see cref="ConnectionName"/> is accepted for compatibility; the SMUS CLI never used it.</summary>
public sealed record CatalogDefinition(string? ConnectionName, IReadOnlyList<CatalogAsset> Assets);

public enum AssetPermission
{
    Read,
    Write,
}

/// <summary>A catalog asset the target project subscribes to.</summary>
public sealed record CatalogAsset(AssetSelector Selector, AssetPermission Permission, string RequestReason)
{
    public const string DefaultRequestReason = "Required for pipeline deployment";
}

/// <summary>How a catalog asset is found: by search or by its ID.</summary>
public abstract record AssetSelector;

/// <summary><c>selector.search</c>: the listing found by searching <see cref="Identifier"/> (e.g. <c>db.table</c>) of <see cref="AssetType"/>.</summary>
public sealed record SearchAssetSelector(string AssetType, string Identifier) : AssetSelector;

/// <summary><c>selector.assetId</c>: the asset by its DataZone ID.</summary>
public sealed record AssetIdSelector(string AssetId) : AssetSelector;
