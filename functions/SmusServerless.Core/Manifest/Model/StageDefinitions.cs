namespace SmusServerless.Core.Manifest;

/// <summary><c>project.role</c> (application format): the IAM role of a project the pipeline creates.</summary>
public sealed record ProjectRole(string? Arn, IReadOnlyList<string> Policies);

/// <summary>
/// A stage's <c>bootstrap.actions[]</c> item. <see cref="Type"/> is as written; <see cref="CanonicalType"/> has
/// smus-cli's old service names replaced (<c>custom.*</c> → <c>cli.*</c>, <c>mwaaserverless.*</c> → <c>workflow.*</c>,
/// <c>datazone.*</c> → <c>project.*</c>). Every key but <c>type</c> is a parameter.
/// </summary>
public sealed record BootstrapAction(string Type, string CanonicalType, IReadOnlyDictionary<string, ManifestValue> Parameters);

/// <summary>A stage's <c>deployment_configuration</c>, as written.</summary>
public sealed record StageDeploymentConfiguration(
    IReadOnlyList<StorageDeployment> Storage,
    DeploymentDestination? Workflows,
    IReadOnlyList<GitDeployment> Git,
    bool CatalogDisabled,
    QuickSightDeployment? QuickSight);

/// <summary>
/// Where the storage item <see cref="Name"/> goes in a stage: under <see cref="TargetDirectory"/> ("" or null: the
/// connection's root) of the connection's S3 location, optionally compressed (<c>gz</c> or <c>tar.gz</c>).
/// </summary>
public sealed record StorageDeployment(string Name, string ConnectionName, string? TargetDirectory, string? Compression)
{
    /// <summary>smus-cli's destination for a storage item when the stage has no <c>deployment_configuration</c>.</summary>
    public static StorageDeployment DefaultFor(string name) => new(name, "default.s3_shared", "bundle/" + name, null);
}

/// <summary>Where the git item (by repository name) goes in a stage.</summary>
public sealed record GitDeployment(string Name, string ConnectionName, string TargetDirectory);

/// <summary><c>deployment_configuration.quicksight</c>: per-asset permissions and import override parameters.</summary>
public sealed record QuickSightDeployment(
    IReadOnlyList<QuickSightAssetPermissions> Assets,
    IReadOnlyDictionary<string, ManifestValue> OverrideParameters);

public sealed record QuickSightAssetPermissions(string Name, IReadOnlyList<string> Owners, IReadOnlyList<string> Viewers);
