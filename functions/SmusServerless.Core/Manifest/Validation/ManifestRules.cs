using System.Text.RegularExpressions;

namespace SmusServerless.Core.Manifest.Validation;

/// <summary>The manifest's keys and value rules in one table (from the SMUS CLI schema, plus what its code accepted).</summary>
internal static partial class ManifestRules
{
    public static readonly string[] RootKeys = ["pipelineName", "bundleName", "domain", "bundle", "workflows", "targets"];
    public static readonly string[] DomainKeys = ["name", "region"];
    public static readonly string[] BundleKeys = ["bundlesDirectory", "workflow", "storage", "git", "catalog"];
    public static readonly string[] BundleConnectionKeys = ["connectionName", "append", "include", "exclude", "airflow-serverless"];
    public static readonly string[] GitKeys = ["repository", "url", "targetDir"];
    public static readonly string[] CatalogKeys = ["connectionName", "assets"];
    public static readonly string[] AssetKeys = ["selector", "permission", "requestReason"];
    public static readonly string[] SelectorKeys = ["assetId", "search"];
    public static readonly string[] SearchKeys = ["assetType", "identifier"];
    public static readonly string[] WorkflowKeys = ["workflowName", "connectionName", "engine", "parameters", "logging"];
    public static readonly string[] TargetKeys =
        ["stage", "default", "domain", "project", "initialization", "bundle_target_configuration", "workflows", "tests", "environment_variables"];
    public static readonly string[] ProjectKeys = ["name", "create", "profile_name", "profileName", "owners", "contributors"];
    public static readonly string[] InitializationKeys = ["project", "environments"];
    public static readonly string[] InitializationProjectKeys =
        ["create", "profileName", "profile_name", "owners", "contributors", "userParameters"];
    public static readonly string[] UserParameterGroupKeys = ["EnvironmentConfigurationName", "parameters"];
    public static readonly string[] UserParameterKeys = ["name", "value"];
    public static readonly string[] EnvironmentKeys = ["EnvironmentConfigurationName"];
    public static readonly string[] BundleTargetKeys = ["storage", "workflows", "git", "catalog"];
    public static readonly string[] DestinationKeys = ["connectionName", "directory"];
    public static readonly string[] TargetCatalogKeys = ["disable"];
    public static readonly string[] TargetWorkflowKeys = ["workflowName", "parameters"];
    public static readonly string[] TestsKeys = ["folder"];

    public static readonly StringRule PipelineName =
        new(1, 64, PipelineNamePattern(), "^[A-Za-z][A-Za-z0-9_-]*$ (a letter, then letters, digits, '_' or '-')");

    public static readonly StringRule TargetName =
        new(1, int.MaxValue, TargetNamePattern(), "^[a-zA-Z][a-zA-Z0-9_-]*$ (a letter, then letters, digits, '_' or '-')");

    public static readonly StringRule DomainName = new(1, 64);

    /// <summary>Stricter than the SMUS schema's [a-z0-9-]+: a wrong region is the mistake users made most.</summary>
    public static readonly StringRule Region =
        new(1, int.MaxValue, RegionPattern(), "an AWS region such as 'us-east-1'");

    /// <summary>DataZone's ProjectName shape: 1..64 of word characters, spaces and '-'.</summary>
    public static readonly StringRule ProjectName =
        new(1, 64, ProjectNamePattern(), "DataZone's project name pattern [\\w -]+ (letters, digits, '_', ' ', '-')");

    public static readonly StringRule Stage = new(1);

    /// <summary>DataZone's AssetId shape.</summary>
    public static readonly StringRule AssetId =
        new(1, 36, AssetIdPattern(), "DataZone's asset ID pattern [a-zA-Z0-9_-]{1,36}");

    public static readonly StringRule VariableName =
        new(1, int.MaxValue, VariableNamePattern(), "^[A-Za-z_][A-Za-z0-9_]*$");

    public static readonly StringRule ParameterName = new(1);

    public static readonly StringRule Engine = new(Allowed: ["MWAA", "airflow-serverless"]);
    public static readonly StringRule Logging = new(Allowed: ["console", "file", "none"]);
    public static readonly StringRule Permission = new(Allowed: ["READ", "WRITE"]);

    public static readonly StringRule GitUrl =
        new(1, int.MaxValue, GitUrlPattern(), "a repository URL (https://, ssh://, git://, file:// or user@host:path)");

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PipelineNamePattern();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TargetNamePattern();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[\w -]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectNamePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_-]{1,36}$", RegexOptions.CultureInvariant)]
    private static partial Regex AssetIdPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableNamePattern();

    [GeneratedRegex(@"^((https?|ssh|git|file)://\S+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex GitUrlPattern();
}
