namespace SmusServerless.Core.Manifest;

/// <summary>
/// One <c>targets.&lt;name&gt;</c> entry, or one <c>stages.&lt;name&gt;</c> entry of the application format (always a
/// deployment target). The declared parts are kept as written; the derived values every step uses (stage, domain,
/// create, profile, members, deployment target) are computed here and nowhere else.
/// </summary>
public sealed record TargetDefinition(
    string Name,
    string? DeclaredStage,
    bool IsDefault,
    DomainReference Domain,
    bool DomainIsInherited,
    ProjectDefinition Project,
    TargetInitialization? Initialization,
    BundleTargetConfiguration? BundleTargetConfiguration,
    IReadOnlyList<TargetWorkflow> Workflows,
    TestsDefinition? Tests,
    IReadOnlyDictionary<string, string> EnvironmentVariables)
{
    /// <summary>The application format's <c>branch</c> of the stage, or null.</summary>
    public string? Branch { get; init; }

    /// <summary>The application format's <c>bootstrap.actions</c>, in order (none in the pipeline format).</summary>
    public IReadOnlyList<BootstrapAction> BootstrapActions { get; init; } = [];

    /// <summary>The application format's <c>deployment_configuration</c> as written, or null.</summary>
    public StageDeploymentConfiguration? DeploymentConfiguration { get; init; }

    /// <summary>
    /// Where each storage item goes in this stage (application format): the <c>deployment_configuration.storage</c>
    /// entries, or, when the stage has no <c>deployment_configuration</c>, every <c>content.storage</c> item to
    /// <c>default.s3_shared</c> + <c>bundle/&lt;name&gt;</c> as smus-cli does. Empty in the pipeline format.
    /// </summary>
    public IReadOnlyList<StorageDeployment> StorageDeployments { get; init; } = [];

    /// <summary>The profile the SMUS CLI assumed when none is written.</summary>
    public const string DefaultProfileName = "All capabilities";

    /// <summary><c>stage</c>, or the target name in upper case when absent (the SMUS CLI's fallback).</summary>
    public string Stage => DeclaredStage ?? Name.ToUpperInvariant();

    /// <summary>A target with <c>bundle_target_configuration</c> is deployed to; one without is a bundle source.</summary>
    public bool IsDeploymentTarget => BundleTargetConfiguration is not null;

    /// <summary><c>project.create</c> OR <c>initialization.project.create</c>: may the pipeline create the project.</summary>
    public bool Create => Project.Create || Initialization?.Project?.Create == true;

    /// <summary>
    /// <c>project.profile_name</c> (or <c>project.profileName</c>), else <c>initialization.project.profileName</c>,
    /// else "All capabilities". Validation refuses two different profile names for one target.
    /// </summary>
    public string ProfileName => Project.ProfileName ?? Initialization?.Project?.ProfileName ?? DefaultProfileName;

    /// <summary>Owners from <c>initialization.project.owners</c> when written, else <c>project.owners</c>.</summary>
    public IReadOnlyList<string> Owners => Initialization?.Project?.Owners ?? Project.Owners ?? [];

    /// <summary>Contributors from <c>initialization.project.contributors</c> when written, else <c>project.contributors</c>.</summary>
    public IReadOnlyList<string> Contributors => Initialization?.Project?.Contributors ?? Project.Contributors ?? [];

    /// <summary>Environments to ensure in the project (<c>initialization.environments</c>).</summary>
    public IReadOnlyList<EnvironmentRequest> Environments => Initialization?.Environments ?? [];

    /// <summary>User parameters for project creation (<c>initialization.project.userParameters</c>, or the application format's <c>project.userParameters</c>).</summary>
    public IReadOnlyList<UserParameterGroup> UserParameters =>
        Initialization?.Project?.UserParameters is { Count: > 0 } initialization ? initialization : Project.UserParameters;

    /// <summary>False when <c>bundle_target_configuration.catalog.disable</c> is true.</summary>
    public bool SubscribesToCatalog => BundleTargetConfiguration?.CatalogDisabled != true;
}

/// <summary>
/// <c>targets.&lt;name&gt;.project</c>; written as a mapping or, as the SMUS CLI's code also accepted, as the bare name.
/// Lists are null when not written, so owners can fall back between the two places they may be given.
/// </summary>
public sealed record ProjectDefinition(
    string Name,
    bool Create,
    string? ProfileName,
    IReadOnlyList<string>? Owners,
    IReadOnlyList<string>? Contributors)
{
    /// <summary>The application format's <c>project.role</c>, or null.</summary>
    public ProjectRole? Role { get; init; }

    /// <summary>The application format's <c>project.userParameters</c> (none in the pipeline format).</summary>
    public IReadOnlyList<UserParameterGroup> UserParameters { get; init; } = [];
}

/// <summary><c>targets.&lt;name&gt;.initialization</c>.</summary>
public sealed record TargetInitialization(InitializationProject? Project, IReadOnlyList<EnvironmentRequest> Environments);

/// <summary><c>initialization.project</c> (profile accepted as <c>profileName</c> or <c>profile_name</c>).</summary>
public sealed record InitializationProject(
    bool Create,
    string? ProfileName,
    IReadOnlyList<string>? Owners,
    IReadOnlyList<string>? Contributors,
    IReadOnlyList<UserParameterGroup> UserParameters);

/// <summary>Parameters to override for one environment configuration when the project is created.</summary>
public sealed record UserParameterGroup(string EnvironmentConfigurationName, IReadOnlyList<UserParameter> Parameters);

public sealed record UserParameter(string Name, string Value);

/// <summary>An environment the project should have, by its profile's environment configuration name.</summary>
public sealed record EnvironmentRequest(string EnvironmentConfigurationName);

/// <summary><c>bundle_target_configuration</c>: where each part of the bundle goes in the target project.</summary>
public sealed record BundleTargetConfiguration(
    DeploymentDestination? Storage,
    DeploymentDestination? Workflows,
    DeploymentDestination? Git,
    bool CatalogDisabled);

/// <summary>A connection of the target project and the directory under its S3 URI ("" is the connection's root).</summary>
public sealed record DeploymentDestination(string ConnectionName, string Directory);

/// <summary>A target-level <c>workflows[]</c> item: per-target parameters for a workflow declared at the top level.</summary>
public sealed record TargetWorkflow(string WorkflowName, IReadOnlyDictionary<string, ManifestScalar> Parameters);

/// <summary><c>tests.folder</c>, as written (e.g. <c>./tests</c>); see <see cref="TestsFolder"/> for where it is in a bundle.</summary>
public sealed record TestsDefinition(string Folder);
