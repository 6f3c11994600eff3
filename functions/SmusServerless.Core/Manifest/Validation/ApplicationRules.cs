using System.Text.RegularExpressions;

namespace SmusServerless.Core.Manifest.Validation;

/// <summary>
/// The application format's keys and value rules, from smus-cli's <c>application-manifest-schema.yaml</c>
/// (<c>vendor/smus-cli/</c>), which smus-cli checks every manifest against before reading it.
/// </summary>
internal static partial class ApplicationRules
{
    public static readonly string[] RootKeys = ["applicationName", "content", "bootstrap", "tests", "monitoring", "stages"];
    public static readonly string[] ContentKeys = ["storage", "git", "catalog", "quicksight", "workflows"];
    public static readonly string[] StorageKeys = ["name", "connectionName", "append", "include", "exclude"];
    public static readonly string[] GitKeys = ["repository", "url", "branch", "include", "exclude"];
    public static readonly string[] QuickSightKeys = ["name", "type", "assetBundle", "recursive"];
    public static readonly string[] WorkflowKeys = ["workflowName", "connectionName", "parameters"];
    public static readonly string[] TestsKeys = ["folder"];
    public static readonly string[] MonitoringKeys = ["eventbridge"];
    public static readonly string[] EventBridgeKeys = ["enabled", "eventBusName", "includeMetadata"];

    /// <summary>The schema's top-level <c>bootstrap</c>: validated, then ignored, as smus-cli ignores it.</summary>
    public static readonly string[] TopBootstrapKeys = ["actions"];
    public static readonly string[] TopBootstrapActionKeys =
    [
        "type", "workflowName", "connectionName", "engine", "triggerPostDeployment", "parameters", "logging",
        "eventSource", "eventDetailType", "eventBusName", "detail", "resources", "stackName", "templatePath",
    ];

    public static readonly string[] StageKeys =
        ["stage", "branch", "default", "domain", "project", "bootstrap", "deployment_configuration", "environment_variables"];
    public static readonly string[] DomainKeys = ["name", "tags", "region"];
    public static readonly string[] ProjectKeys = ["name", "create", "profileName", "owners", "contributors", "role", "userParameters"];
    public static readonly string[] RoleKeys = ["arn", "policies"];
    public static readonly string[] StageBootstrapKeys = ["actions"];
    public static readonly string[] DeploymentConfigurationKeys = ["storage", "workflows", "git", "catalog", "quicksight"];
    public static readonly string[] StorageDeploymentKeys = ["name", "connectionName", "targetDirectory", "compression"];
    public static readonly string[] GitDeploymentKeys = ["name", "connectionName", "targetDirectory"];
    public static readonly string[] CatalogDeploymentKeys = ["disable"];
    public static readonly string[] QuickSightDeploymentKeys = ["assets", "overrideParameters"];
    public static readonly string[] QuickSightPermissionKeys = ["name", "owners", "viewers"];

    public static readonly StringRule ApplicationName =
        new(1, 50, ApplicationNamePattern(), "^[A-Za-z0-9][A-Za-z0-9_-]*$ (a letter or digit, then letters, digits, '_' or '-')");

    public static readonly StringRule QuickSightType = new(Allowed: ["dashboard", "dataset", "analysis", "datasource"]);
    public static readonly StringRule Compression = new(Allowed: ["gz", "tar.gz"]);
    public static readonly StringRule TopBootstrapType = new(Allowed: ["workflow", "event", "cloudformation"]);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ApplicationNamePattern();
}
