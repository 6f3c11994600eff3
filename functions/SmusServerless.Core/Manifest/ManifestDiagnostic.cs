namespace SmusServerless.Core.Manifest;

/// <summary>How serious a manifest finding is. Only errors make a manifest invalid.</summary>
public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One finding about a manifest, pointing at the YAML node it concerns.
/// <see cref="Path"/> is the dotted manifest path (<c>targets.prod.project.name</c>, <c>bundle.storage[0]</c>);
/// the document root is <c>(root)</c>. <see cref="Code"/> is a stable machine-readable kind
/// (see <see cref="DiagnosticCodes"/>).
/// </summary>
public sealed record ManifestDiagnostic(
    string File,
    int Line,
    int Column,
    string Path,
    string Code,
    string Message,
    DiagnosticSeverity Severity = DiagnosticSeverity.Error)
{
    public const string RootPath = "(root)";

    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary><c>FILE:LINE:COL: manifest.path: message</c>; warnings carry a <c>warning:</c> prefix before the message.</summary>
    public override string ToString() =>
        Severity == DiagnosticSeverity.Warning
            ? $"{File}:{Line}:{Column}: {Path}: warning: {Message}"
            : $"{File}:{Line}:{Column}: {Path}: {Message}";
}

/// <summary>The stable <see cref="ManifestDiagnostic.Code"/> values.</summary>
public static class DiagnosticCodes
{
    // YAML level
    public const string YamlSyntax = "yaml-syntax";
    public const string DocumentTooLarge = "document-too-large";
    public const string MultipleDocuments = "multiple-documents";
    public const string EmptyDocument = "empty-document";
    public const string DuplicateKey = "duplicate-key";
    public const string NonScalarKey = "non-scalar-key";
    public const string TooDeep = "nesting-too-deep";
    public const string TooManyAliases = "too-many-aliases";
    public const string AliasExpansion = "alias-expansion-too-large";
    public const string UnknownAlias = "unknown-alias";
    public const string TagNotAllowed = "tag-not-allowed";
    public const string InvalidMerge = "invalid-merge";

    // Variables
    public const string UnsetVariable = "unset-variable";
    public const string MalformedVariable = "malformed-variable";
    public const string UnresolvedVariable = "unresolved-variable";

    // Schema
    public const string Required = "required";
    public const string UnknownKey = "unknown-key";
    public const string WrongType = "wrong-type";
    public const string Pattern = "pattern";
    public const string Length = "length";
    public const string EnumValue = "enum";
    public const string Conflict = "conflict";

    // Semantics
    public const string MultipleDefaults = "multiple-defaults";
    public const string MissingDomain = "missing-domain";
    public const string ConnectionMismatch = "connection-mismatch";
    public const string DirectoryConflict = "directory-conflict";
    public const string UnsafePath = "unsafe-path";
    public const string NothingToDeploy = "nothing-to-deploy";
    public const string UndeployedContent = "undeployed-content";
    public const string DuplicateName = "duplicate-name";
    public const string UnknownWorkflow = "unknown-workflow";
    public const string MissingInBundle = "missing-in-bundle";

    // Application format
    public const string UnknownAction = "unknown-action";
    public const string UnknownContent = "unknown-content";
    public const string IgnoredSection = "ignored-section";
    public const string NotImplementedUpstream = "not-implemented-upstream";
}
