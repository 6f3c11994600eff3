namespace SmusServerless.Core.Manifest;

/// <summary>The application format's <c>content</c>: what the application is made of.</summary>
public sealed record ApplicationContent(
    IReadOnlyList<StorageItem> Storage,
    IReadOnlyList<GitItem> Git,
    CatalogDefinition? Catalog,
    IReadOnlyList<QuickSightAsset> QuickSight,
    IReadOnlyList<ContentWorkflow> Workflows)
{
    public static ApplicationContent Empty { get; } = new([], [], null, [], []);

    /// <summary>The storage item named <paramref name="name"/>, or null.</summary>
    public StorageItem? FindStorage(string name) => Storage.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
}

/// <summary>
/// One <c>content.storage[]</c> item. Without <see cref="ConnectionName"/> its files come from the checkout
/// (<see cref="Include"/> relative to the manifest's folder); with one, from that connection of the dev project.
/// </summary>
public sealed record StorageItem(
    string Name,
    string? ConnectionName,
    IReadOnlyList<string> Include,
    IReadOnlyList<string> Exclude,
    bool Append)
{
    public bool FromCheckout => ConnectionName is null;
}

/// <summary>
/// One <c>content.git[]</c> item: a repository to clone into the bundle. <see cref="Branch"/> is null when not
/// written (smus-cli then clones <c>main</c>).
/// </summary>
public sealed record GitItem(
    string Repository,
    string Url,
    string? Branch,
    IReadOnlyList<string> Include,
    IReadOnlyList<string> Exclude);

public enum QuickSightAssetType
{
    Dashboard,
    Dataset,
    Analysis,
    Datasource,
}

/// <summary>
/// One <c>content.quicksight[]</c> item, found by <see cref="Name"/>. <see cref="AssetBundle"/> is the local
/// <c>.qs</c> file, or null to export it from QuickSight.
/// </summary>
public sealed record QuickSightAsset(string Name, QuickSightAssetType Type, string? AssetBundle, bool Recursive);

/// <summary>One <c>content.workflows[]</c> item: a workflow of the application and the connection it runs on.</summary>
public sealed record ContentWorkflow(
    string WorkflowName,
    string ConnectionName,
    IReadOnlyDictionary<string, ManifestValue> Parameters)
{
    /// <summary>smus-cli's serverless workflows run on a <c>*.workflow_serverless</c> connection; the others on MWAA.</summary>
    public WorkflowEngine Engine =>
        ConnectionName.Contains("serverless", StringComparison.OrdinalIgnoreCase) ? WorkflowEngine.AirflowServerless : WorkflowEngine.Mwaa;
}

/// <summary>The application format's <c>monitoring</c>.</summary>
public sealed record MonitoringDefinition(EventBridgeMonitoring? EventBridge);

/// <summary>
/// <c>monitoring.eventbridge</c>. As in smus-cli's code, <see cref="Enabled"/> defaults to true once the section is
/// written (its schema's "default: false" is not what its code does).
/// </summary>
public sealed record EventBridgeMonitoring(bool Enabled, string EventBusName, bool IncludeMetadata)
{
    public const string DefaultEventBusName = "default";
}
