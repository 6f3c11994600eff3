using SmusServerless.Core.Manifest.Yaml;
using A = SmusServerless.Core.Manifest.Validation.ApplicationRules;
using R = SmusServerless.Core.Manifest.Validation.ManifestRules;

namespace SmusServerless.Core.Manifest.Validation;

/// <summary>
/// Turns an application-format manifest (<c>applicationName</c>, <c>content</c>, <c>stages</c>) into the one
/// <see cref="PipelineManifest"/> model: every stage is a target, in manifest order, and the content is also mapped
/// onto the pipeline-format members where the meanings coincide (see <see cref="ApplicationMapping"/>).
/// Like <see cref="ManifestBinder"/>, it always produces a model so that every error is reported in one pass.
/// </summary>
internal sealed class ApplicationManifestBinder(BindingContext context)
{
    private readonly SectionReaders _sections = new(context);

    public PipelineManifest Bind(YamlNode root)
    {
        var reader = MappingReader.Open(context, root, ManifestDiagnostic.RootPath, A.RootKeys);
        if (reader is null) return ApplicationMapping.ToManifest("", ApplicationContent.Empty, null, null, []);

        var name = ReadName(reader);
        var content = reader.Mapping("content", A.ContentKeys) is { } contentReader ? ReadContent(contentReader) : ApplicationContent.Empty;
        ReadTopLevelBootstrap(reader);
        var tests = reader.Mapping("tests", A.TestsKeys) is { } testsReader
            ? testsReader.String("folder", required: true, rule: StringRule.NonEmpty) is { } folder ? new TestsDefinition(folder) : null
            : null;
        var monitoring = reader.Mapping("monitoring", A.MonitoringKeys) is { } monitoringReader ? ReadMonitoring(monitoringReader) : null;
        var stages = ReadStages(reader, content, tests);
        return ApplicationMapping.ToManifest(name ?? "", content, tests, monitoring, stages);
    }

    private static string? ReadName(MappingReader reader)
    {
        if (reader.Has("applicationName")) return reader.String("applicationName", rule: A.ApplicationName);
        reader.ReportAtSelf(DiagnosticCodes.Required,
            "required: 'applicationName' names the application (a 2025 pipeline manifest has 'pipelineName' and 'targets' instead)",
            reader.ChildPath("applicationName"));
        return null;
    }

    private ApplicationContent ReadContent(MappingReader reader) => new(
        reader.List("storage", ReadStorageItem) ?? [],
        reader.List("git", ReadGitItem) ?? [],
        reader.Mapping("catalog", R.CatalogKeys) is { } catalog ? _sections.ReadCatalog(catalog) : null,
        reader.List("quicksight", ReadQuickSightAsset) ?? [],
        reader.List("workflows", ReadWorkflow) ?? []);

    private StorageItem? ReadStorageItem(YamlNode node, string path)
    {
        if (MappingReader.Open(context, node, path, A.StorageKeys) is not { } reader) return null;
        var name = reader.String("name", required: true, rule: StringRule.NonEmpty);
        var connection = reader.String("connectionName", rule: StringRule.NonEmpty);
        var append = reader.Bool("append") ?? false;
        var include = reader.StringList("include", StringRule.NonEmpty) ?? [];
        var exclude = reader.StringList("exclude", StringRule.NonEmpty) ?? [];
        return name is null ? null : new StorageItem(name, connection, include, exclude, append);
    }

    private GitItem? ReadGitItem(YamlNode node, string path)
    {
        if (MappingReader.Open(context, node, path, A.GitKeys) is not { } reader) return null;
        var repository = reader.String("repository", required: true, rule: StringRule.NonEmpty);
        var url = reader.String("url", required: true, rule: R.GitUrl);
        var branch = reader.String("branch", rule: StringRule.NonEmpty);
        var include = reader.StringList("include", StringRule.NonEmpty) ?? [];
        var exclude = reader.StringList("exclude", StringRule.NonEmpty) ?? [];
        return repository is null || url is null ? null : new GitItem(repository, url, branch, include, exclude);
    }

    private QuickSightAsset? ReadQuickSightAsset(YamlNode node, string path)
    {
        if (MappingReader.Open(context, node, path, A.QuickSightKeys) is not { } reader) return null;
        var name = reader.String("name", required: true, rule: StringRule.NonEmpty);
        var type = reader.String("type", required: true, rule: A.QuickSightType) switch
        {
            "dataset" => QuickSightAssetType.Dataset,
            "analysis" => QuickSightAssetType.Analysis,
            "datasource" => QuickSightAssetType.Datasource,
            "dashboard" => QuickSightAssetType.Dashboard,
            _ => (QuickSightAssetType?)null,
        };
        var bundle = reader.String("assetBundle", rule: StringRule.NonEmpty);
        var recursive = reader.Bool("recursive") ?? false;
        return name is null || type is null ? null : new QuickSightAsset(name, type.Value, bundle, recursive);
    }

    private ContentWorkflow? ReadWorkflow(YamlNode node, string path)
    {
        if (MappingReader.Open(context, node, path, A.WorkflowKeys) is not { } reader) return null;
        var name = reader.String("workflowName", required: true, rule: StringRule.NonEmpty);
        var connection = reader.String("connectionName", required: true, rule: StringRule.NonEmpty);
        var parameters = reader.ValueMap("parameters") ?? new Dictionary<string, ManifestValue>();
        return name is null || connection is null ? null : new ContentWorkflow(name, connection, parameters);
    }

    private MonitoringDefinition ReadMonitoring(MappingReader reader)
    {
        EventBridgeMonitoring? eventBridge = null;
        if (reader.Mapping("eventbridge", A.EventBridgeKeys) is { } events)
            eventBridge = new EventBridgeMonitoring(
                events.Bool("enabled") ?? true,
                events.String("eventBusName", rule: StringRule.NonEmpty) ?? EventBridgeMonitoring.DefaultEventBusName,
                events.Bool("includeMetadata") ?? true);
        return new MonitoringDefinition(eventBridge);
    }

    /// <summary>The schema's top-level <c>bootstrap</c>: smus-cli's code never reads it, so it is checked and then ignored.</summary>
    private void ReadTopLevelBootstrap(MappingReader root)
    {
        if (root.Mapping("bootstrap", A.TopBootstrapKeys) is not { } reader) return;
        reader.List("actions", (node, path) =>
        {
            if (MappingReader.Open(context, node, path, A.TopBootstrapActionKeys) is not { } action) return null;
            action.String("type", required: true, rule: A.TopBootstrapType);
            foreach (var key in new[] { "workflowName", "connectionName", "eventSource", "eventDetailType", "eventBusName", "stackName", "templatePath" })
                action.String(key, rule: StringRule.NonEmpty);
            action.String("engine", rule: R.Engine);
            action.String("logging", rule: R.Logging);
            action.Bool("triggerPostDeployment");
            action.ScalarMap("parameters", R.ParameterName);
            action.ValueMap("detail");
            action.StringList("resources", StringRule.NonEmpty);
            return action;
        });
        context.Report(root.Node.FindKey("bootstrap")!.Position, root.ChildPath("bootstrap"), DiagnosticCodes.IgnoredSection,
            "the top-level 'bootstrap' is ignored, as smus-cli ignores it: bootstrap actions run from each stage's 'bootstrap.actions'",
            DiagnosticSeverity.Warning);
    }

    private List<TargetDefinition> ReadStages(MappingReader root, ApplicationContent content, TestsDefinition? tests)
    {
        var node = root.Get("stages");
        var path = root.ChildPath("stages");
        if (node is null)
        {
            root.ReportAtSelf(DiagnosticCodes.Required, "required: 'stages' lists the deployment stages (the pipeline format's 'targets')", path);
            return [];
        }
        if (node is not YamlMappingNode stages)
        {
            context.Report(node, path, DiagnosticCodes.WrongType, $"expected a mapping of stage names to stages, got {MappingReader.Describe(node)}");
            return [];
        }
        if (stages.Entries.Count == 0)
        {
            context.Report(node, path, DiagnosticCodes.Required, "at least one stage is required");
            return [];
        }

        var result = new List<TargetDefinition>(stages.Entries.Count);
        foreach (var (key, value) in stages.Entries)
        {
            var stagePath = MappingReader.Child(path, key.Value);
            if (R.TargetName.Check(key.Value) is { } problem)
            {
                context.Report(key, stagePath, DiagnosticCodes.Pattern, "stage name " + problem);
                continue;
            }
            if (ReadStage(key.Value, value, stagePath, content, tests) is { } target)
            {
                context.Record(target, stagePath);
                result.Add(target);
            }
        }
        return result;
    }

    private TargetDefinition? ReadStage(string name, YamlNode node, string path, ApplicationContent content, TestsDefinition? tests)
    {
        if (MappingReader.Open(context, node, path, A.StageKeys) is not { } reader) return null;

        var stage = reader.String("stage", required: true, rule: R.Stage);
        var branch = reader.String("branch", rule: StringRule.NonEmpty);
        var isDefault = reader.Bool("default") ?? false;
        var domain = reader.Mapping("domain", A.DomainKeys, required: true) is { } domainReader ? ReadDomain(domainReader) : null;
        var project = ReadProject(reader);
        var actions = reader.Mapping("bootstrap", A.StageBootstrapKeys) is { } bootstrap
            ? bootstrap.List("actions", ReadBootstrapAction) ?? []
            : [];
        var configuration = reader.Mapping("deployment_configuration", A.DeploymentConfigurationKeys) is { } dc
            ? ReadDeploymentConfiguration(dc)
            : null;
        var variables = reader.StringMap("environment_variables", R.VariableName) ?? new Dictionary<string, string>(StringComparer.Ordinal);

        return ApplicationMapping.ToTarget(name, stage, isDefault, domain, project, configuration, content, tests, variables) with
        {
            Branch = branch,
            BootstrapActions = actions,
        };
    }

    private DomainReference? ReadDomain(MappingReader reader)
    {
        var name = reader.String("name", rule: R.DomainName);
        var tags = reader.StringMap("tags", StringRule.NonEmpty);
        var region = reader.String("region", required: true, rule: R.Region);
        // Neither name nor tags: smus-cli takes the region's only domain (and fails when there are several).
        if (tags is { Count: 0 } && name is null)
            reader.ReportAtKey(reader.ChildPath("tags"), DiagnosticCodes.Required, "at least one tag is needed to find the domain");
        return region is null ? null : new DomainReference(name ?? "", region) { Tags = tags };
    }

    private ProjectDefinition? ReadProject(MappingReader stage)
    {
        var node = stage.Get("project");
        var path = stage.ChildPath("project");
        if (node is null)
        {
            stage.ReportMissing("project");
            return null;
        }
        if (node is YamlScalarNode { Kind: ScalarKind.String })
        {
            context.Report(node, path, DiagnosticCodes.WrongType,
                "expected a mapping such as {name: my-project}: smus-cli's schema refuses the bare project name in this format");
            return null;
        }
        if (MappingReader.Open(context, node, path, A.ProjectKeys) is not { } reader) return null;
        var name = reader.String("name", required: true, rule: R.ProjectName);
        var create = reader.Bool("create") ?? false;
        var profile = reader.String("profileName", rule: StringRule.NonEmpty);
        var owners = reader.StringList("owners", StringRule.NonEmpty);
        var contributors = reader.StringList("contributors", StringRule.NonEmpty);
        var role = reader.Mapping("role", A.RoleKeys) is { } roleReader
            ? new ProjectRole(roleReader.String("arn", rule: StringRule.NonEmpty), roleReader.StringList("policies", StringRule.NonEmpty) ?? [])
            : null;
        var parameters = reader.List("userParameters", _sections.ReadUserParameterGroup) ?? [];
        return new ProjectDefinition(name ?? "", create, profile, owners, contributors) { Role = role, UserParameters = parameters };
    }

    private BootstrapAction? ReadBootstrapAction(YamlNode node, string path)
    {
        // Every key but 'type' is a parameter of the action (smus-cli's schema lets any through).
        if (node is not YamlMappingNode mapping || MappingReader.Open(context, node, path, [.. mapping.Entries.Select(e => e.Key.Value)]) is not { } reader)
        {
            context.Report(node, path, DiagnosticCodes.WrongType, $"expected a mapping with a 'type', got {MappingReader.Describe(node)}");
            return null;
        }
        var type = reader.String("type", required: true, rule: StringRule.NonEmpty);
        if (type is null) return null;
        var canonical = BootstrapActionRules.Check(reader, type);
        var parameters = new Dictionary<string, ManifestValue>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Entries)
            if (key.Value != "type") parameters[key.Value] = MappingReader.ReadValue(context, value, MappingReader.Child(path, key.Value));
        return canonical is null ? null : new BootstrapAction(type, canonical, parameters);
    }

    private StageDeploymentConfiguration ReadDeploymentConfiguration(MappingReader reader)
    {
        var storage = reader.List("storage", ReadStorageDeployment) ?? [];
        var workflows = reader.Mapping("workflows", R.DestinationKeys) is { } w
            ? new DeploymentDestination(
                w.String("connectionName", required: true, rule: StringRule.NonEmpty) ?? "",
                w.String("directory", required: true) ?? "")
            : null;
        var git = reader.List("git", ReadGitDeployment) ?? [];
        // The schema does not close deployment_configuration.catalog: other keys pass smus-cli, so they only warn here.
        var catalogDisabled = reader.Get("catalog") is { } catalogNode
            && MappingReader.Open(context, catalogNode, reader.ChildPath("catalog"), A.CatalogDeploymentKeys, unknownKeysWarn: true) is { } catalog
            && (catalog.Bool("disable") ?? false);
        var quickSight = reader.Mapping("quicksight", A.QuickSightDeploymentKeys) is { } qs ? ReadQuickSightDeployment(qs) : null;
        return new StageDeploymentConfiguration(storage, workflows, git, catalogDisabled, quickSight);
    }

    private StorageDeployment? ReadStorageDeployment(YamlNode node, string path)
    {
        if (MappingReader.Open(context, node, path, A.StorageDeploymentKeys) is not { } item) return null;
        var name = item.String("name", required: true, rule: StringRule.NonEmpty);
        var connection = item.String("connectionName", required: true, rule: StringRule.NonEmpty);
        var directory = item.String("targetDirectory");
        var compression = item.String("compression", rule: A.Compression);
        return name is null || connection is null ? null : new StorageDeployment(name, connection, directory, compression);
    }

    private GitDeployment? ReadGitDeployment(YamlNode node, string path)
    {
        if (MappingReader.Open(context, node, path, A.GitDeploymentKeys) is not { } item) return null;
        var name = item.String("name", required: true, rule: StringRule.NonEmpty);
        var connection = item.String("connectionName", required: true, rule: StringRule.NonEmpty);
        var directory = item.String("targetDirectory", required: true);
        return name is null || connection is null || directory is null ? null : new GitDeployment(name, connection, directory);
    }

    private QuickSightDeployment ReadQuickSightDeployment(MappingReader reader)
    {
        var assets = reader.List("assets", (node, path) =>
            MappingReader.Open(context, node, path, A.QuickSightPermissionKeys) is { } asset
            && asset.String("name", required: true, rule: StringRule.NonEmpty) is { } name
                ? new QuickSightAssetPermissions(name,
                    asset.StringList("owners", StringRule.NonEmpty) ?? [],
                    asset.StringList("viewers", StringRule.NonEmpty) ?? [])
                : null) ?? [];
        var overrides = reader.ValueMap("overrideParameters") ?? new Dictionary<string, ManifestValue>();
        return new QuickSightDeployment(assets, overrides);
    }
}
