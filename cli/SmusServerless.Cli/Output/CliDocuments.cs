using System.Text.Json.Serialization;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Manifest;

namespace SmusServerless.Cli.Output;

// The --json output shapes, one record per document. Property names are camelCase; absent values are omitted.
// Every document starts with "command" and "ok", so a consumer can dispatch on them.

/// <summary>Why a command failed. <see cref="Kind"/> is one of <see cref="CliErrorKinds"/>.</summary>
public sealed record CliError(
    string Kind,
    string Message,
    string? File = null,
    string? Reason = null,
    string? Entry = null,
    IReadOnlyList<DiagnosticDocument>? Diagnostics = null);

/// <summary>The stable <see cref="CliError.Kind"/> values.</summary>
public static class CliErrorKinds
{
    public const string Usage = "usage";
    public const string FileNotFound = "file-not-found";
    public const string InvalidManifest = "invalid-manifest";
    public const string InvalidContent = "invalid-content";
    public const string BundleRefused = "bundle-refused";
    public const string VersionExists = "version-exists";
    public const string BucketNotFound = "bucket-not-found";
    public const string Storage = "storage";
    public const string Io = "io";
    public const string Internal = "internal";

    /// <summary>Stopped by a signal (SIGTERM, Ctrl-C) before it finished.</summary>
    public const string Cancelled = "cancelled";
}

public sealed record ErrorDocument(string Command, bool Ok, CliError Error);

public sealed record DiagnosticDocument(string File, int Line, int Column, string Path, string Code, string Severity, string Message)
{
    public static DiagnosticDocument From(ManifestDiagnostic d) =>
        new(d.File, d.Line, d.Column, d.Path, d.Code, d.IsError ? "error" : "warning", d.Message);
}

public sealed record ValidateDocument(
    string Command,
    bool Ok,
    string File,
    string? Pipeline,
    IReadOnlyList<string> Targets,
    int Errors,
    int Warnings,
    IReadOnlyList<DiagnosticDocument> Diagnostics);

public sealed record SourceDocument(string? Commit, string? Author, string? Repository)
{
    public static SourceDocument From(BundleSource source) => new(source.Commit, source.Author, source.Repository);
}

public sealed record BundleDocument(
    string Command,
    bool Ok,
    string Path,
    string Name,
    string Version,
    string Created,
    SourceDocument Source,
    string Sha256,
    long Size,
    int FileCount,
    long Bytes,
    IReadOnlyList<DiagnosticDocument> Diagnostics,
    string? Stage = null);

public sealed record TargetDocument(
    string Name,
    string Stage,
    string Domain,
    string Region,
    string Project,
    bool DeploymentTarget,
    bool Default,
    bool Create);

public sealed record ManifestSummaryDocument(
    bool Valid,
    string? Pipeline,
    IReadOnlyList<TargetDocument> Targets,
    IReadOnlyList<DiagnosticDocument> Diagnostics);

public sealed record FileDocument(string Path, long Size, string Sha256);

public sealed record InspectDocument(
    string Command,
    bool Ok,
    string Path,
    string Sha256,
    long Size,
    string Name,
    string Version,
    string Created,
    SourceDocument Source,
    int FileCount,
    long Bytes,
    ManifestSummaryDocument Manifest,
    IReadOnlyList<FileDocument> Files);

public sealed record PublishDocument(
    string Command,
    bool Ok,
    string Uri,
    string Bucket,
    string Key,
    string? VersionId,
    string ETag,
    long Size,
    string Sha256,
    string Name,
    string Version);

// describe: smus-cli's field names where its JSON has them ("bundle" for the application's name, "domain" of the
// first stage, "targets" keyed by stage name, each with "project", "domain", "bootstrap" and "connections"); ours beside them.

public sealed record DescribeDocument(
    string Command,
    bool Ok,
    string File,
    string Format,
    string Bundle,
    DescribeDomainDocument Domain,
    DescribeContentDocument Content,
    DescribeTestsDocument? Tests,
    IReadOnlyDictionary<string, DescribeStageDocument> Targets,
    IReadOnlyList<DiagnosticDocument> Diagnostics);

public sealed record DescribeDomainDocument(string? Name, string Region, IReadOnlyDictionary<string, string>? Tags = null, string? Id = null);

public sealed record DescribeTestsDocument(string Folder);

public sealed record DescribeContentDocument(
    IReadOnlyList<DescribeStorageDocument> Storage,
    IReadOnlyList<DescribeGitDocument> Git,
    IReadOnlyList<DescribeAssetDocument> Catalog,
    IReadOnlyList<DescribeQuickSightDocument> Quicksight,
    IReadOnlyList<DescribeWorkflowDocument> Workflows);

/// <summary>A storage item; <see cref="ConnectionName"/> is null for one taken from the checkout.</summary>
public sealed record DescribeStorageDocument(string Name, string? ConnectionName, IReadOnlyList<string> Include, IReadOnlyList<string> Exclude, bool? Append);

public sealed record DescribeGitDocument(string Repository, string Url, string? Branch);

public sealed record DescribeAssetDocument(string? AssetId, string? AssetType, string? Identifier, string Permission, string RequestReason);

public sealed record DescribeQuickSightDocument(string Name, string Type, string? AssetBundle);

public sealed record DescribeWorkflowDocument(string WorkflowName, string? ConnectionName, string Engine, System.Text.Json.Nodes.JsonObject Parameters);

public sealed record DescribeStageDocument(
    string Stage,
    DescribeProjectDocument Project,
    DescribeDomainDocument Domain,
    IReadOnlyList<DescribeDeploymentDocument> Deployments,
    bool CatalogSubscriptions,
    DescribeBootstrapDocument? Bootstrap,
    IReadOnlyDictionary<string, DescribeConnectionDocument>? Connections = null,
    string? Error = null,
    string? Note = null);

/// <summary>smus-cli's project object: name, create, profileName, owners, contributors; with --connect its id and status, or NOT_FOUND and will_create.</summary>
public sealed record DescribeProjectDocument(
    string Name,
    bool Create,
    string? ProfileName,
    IReadOnlyList<string>? Owners,
    IReadOnlyList<string>? Contributors,
    string? Id = null,
    string? Status = null,
    [property: JsonPropertyName("will_create")] bool? WillCreate = null);

/// <summary>Where one content item goes in a stage: <see cref="Kind"/> storage, git or workflows; directory "" is the connection's root.</summary>
public sealed record DescribeDeploymentDocument(string Kind, string Item, string ConnectionName, string Directory, string? Compression = null);

public sealed record DescribeBootstrapDocument(IReadOnlyList<System.Text.Json.Nodes.JsonObject> Actions);

public sealed record DescribeConnectionDocument(string? Type, string? S3Uri);

public sealed record CreateDocument(string Command, bool Ok, string File, string Name, IReadOnlyList<string> Stages, string Region);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(ErrorDocument))]
[JsonSerializable(typeof(ValidateDocument))]
[JsonSerializable(typeof(BundleDocument))]
[JsonSerializable(typeof(InspectDocument))]
[JsonSerializable(typeof(PublishDocument))]
[JsonSerializable(typeof(DescribeDocument))]
[JsonSerializable(typeof(CreateDocument))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context commands write with: as <see cref="Default"/>, but quotes and non-ASCII text stay readable
    /// (<c>'</c> rather than <c>\u0027</c>); the output is a terminal or a pipe, never HTML. Control characters are still escaped.
    /// </summary>
    public static CliJsonContext Output { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
