using SmusServerless.Core.Manifest.Yaml;
using R = SmusServerless.Core.Manifest.Validation.ManifestRules;

namespace SmusServerless.Core.Manifest.Validation;

/// <summary>
/// Turns a pipeline-format YAML tree (<c>pipelineName</c>, <c>bundle</c>, <c>targets</c>) into a <see cref="PipelineManifest"/>,
/// checking every key, type and value on the way (the application format has <see cref="ApplicationManifestBinder"/>).
/// It always produces a model (with placeholders where values were bad) so that the semantic checks can
/// still run and every error is reported at once; the loader only hands out the model when nothing failed.
/// </summary>
internal sealed class ManifestBinder(BindingContext context)
{
    private readonly SectionReaders _sections = new(context);
    private bool _rootHasDomainKey;

    public PipelineManifest Bind(YamlNode root)
    {
        var reader = MappingReader.Open(context, root, ManifestDiagnostic.RootPath, R.RootKeys);
        if (reader is null) return new PipelineManifest("", ManifestNameKey.PipelineName, null, BundleDefinition.Empty, [], []);

        // A bad top-level domain is reported once, not again as "missing" in every target.
        _rootHasDomainKey = reader.Has("domain");
        var (name, nameKey) = ReadName(reader);
        var domain = reader.Mapping("domain", R.DomainKeys) is { } domainReader ? ReadDomain(domainReader) : null;
        var bundle = reader.Mapping("bundle", R.BundleKeys) is { } bundleReader ? ReadBundle(bundleReader) : BundleDefinition.Empty;
        var workflows = reader.List("workflows", ReadWorkflow) ?? [];
        var targets = ReadTargets(reader, domain);
        return new PipelineManifest(name ?? "", nameKey, domain, bundle, workflows, targets);
    }

    private static (string? Name, ManifestNameKey Key) ReadName(MappingReader reader)
    {
        var hasPipelineName = reader.Has("pipelineName");
        var hasBundleName = reader.Has("bundleName");
        if (hasPipelineName && hasBundleName)
        {
            reader.String("pipelineName", rule: R.PipelineName);
            reader.String("bundleName", rule: R.PipelineName);
            reader.ReportConflict("bundleName", "give either 'pipelineName' or its later name 'bundleName', not both");
            return (null, ManifestNameKey.BundleName);
        }
        if (hasBundleName) return (reader.String("bundleName", rule: R.PipelineName), ManifestNameKey.BundleName);
        if (!hasPipelineName)
        {
            reader.ReportAtSelf(DiagnosticCodes.Required, "required (or its later name 'bundleName')", reader.ChildPath("pipelineName"));
            return (null, ManifestNameKey.PipelineName);
        }
        return (reader.String("pipelineName", rule: R.PipelineName), ManifestNameKey.PipelineName);
    }

    private static DomainReference? ReadDomain(MappingReader reader)
    {
        var name = reader.String("name", required: true, rule: R.DomainName);
        var region = reader.String("region", required: true, rule: R.Region);
        return name is null || region is null ? null : new DomainReference(name, region);
    }

    private BundleDefinition ReadBundle(MappingReader reader)
    {
        var directory = reader.String("bundlesDirectory", rule: StringRule.NonEmpty) ?? BundleDefinition.DefaultBundlesDirectory;
        var workflow = reader.List("workflow", ReadBundleConnection) ?? [];
        var storage = reader.List("storage", ReadBundleConnection) ?? [];
        var git = reader.Mapping("git", R.GitKeys) is { } gitReader ? ReadGit(gitReader) : null;
        var catalog = reader.Mapping("catalog", R.CatalogKeys) is { } catalogReader ? _sections.ReadCatalog(catalogReader) : null;
        return new BundleDefinition(directory, workflow, storage, git, catalog);
    }

    private BundleConnection? ReadBundleConnection(YamlNode node, string path)
    {
        if (MappingReader.Open(context, node, path, R.BundleConnectionKeys) is not { } reader) return null;
        var connection = reader.String("connectionName", required: true, rule: StringRule.NonEmpty);
        var append = reader.Bool("append");
        var include = reader.StringList("include", StringRule.NonEmpty) ?? [];
        var exclude = reader.StringList("exclude", StringRule.NonEmpty) ?? [];
        var serverless = reader.Bool("airflow-serverless") ?? false;
        return new BundleConnection(connection ?? "", append, include, exclude, serverless);
    }

    private static GitSource ReadGit(MappingReader reader) => new(
        reader.String("repository", required: true, rule: StringRule.NonEmpty) ?? "",
        reader.String("url", required: true, rule: R.GitUrl) ?? "",
        reader.String("targetDir", required: true, rule: StringRule.NonEmpty) ?? "");

    private WorkflowDefinition? ReadWorkflow(YamlNode node, string path)
    {
        if (MappingReader.Open(context, node, path, R.WorkflowKeys) is not { } reader) return null;
        var name = reader.String("workflowName", required: true, rule: StringRule.NonEmpty);
        var connection = reader.String("connectionName", rule: StringRule.NonEmpty);
        var engine = reader.String("engine", rule: R.Engine) == "airflow-serverless" ? WorkflowEngine.AirflowServerless : WorkflowEngine.Mwaa;
        var parameters = reader.ScalarMap("parameters", R.ParameterName) ?? new Dictionary<string, ManifestScalar>();
        var logging = reader.String("logging", rule: R.Logging) switch
        {
            "file" => WorkflowLogging.File,
            "none" => WorkflowLogging.None,
            _ => WorkflowLogging.Console,
        };
        return new WorkflowDefinition(name ?? "", connection, engine, parameters, logging);
    }

    private List<TargetDefinition> ReadTargets(MappingReader root, DomainReference? topLevelDomain)
    {
        var node = root.Get("targets");
        if (node is null)
        {
            root.ReportMissing("targets");
            return [];
        }
        var path = root.ChildPath("targets");
        if (node is not YamlMappingNode targets)
        {
            context.Report(node, path, DiagnosticCodes.WrongType, $"expected a mapping of target names to targets, got {MappingReader.Describe(node)}");
            return [];
        }
        if (targets.Entries.Count == 0)
        {
            context.Report(node, path, DiagnosticCodes.Required, "at least one target is required");
            return [];
        }

        var result = new List<TargetDefinition>(targets.Entries.Count);
        foreach (var (key, value) in targets.Entries)
        {
            var targetPath = MappingReader.Child(path, key.Value);
            if (R.TargetName.Check(key.Value) is { } problem)
            {
                context.Report(key, targetPath, DiagnosticCodes.Pattern, "target name " + problem);
                continue;
            }
            if (ReadTarget(key, value, targetPath, topLevelDomain) is { } target)
            {
                context.Record(target, targetPath);
                result.Add(target);
            }
        }
        return result;
    }

    private TargetDefinition? ReadTarget(YamlScalarNode key, YamlNode node, string path, DomainReference? topLevelDomain)
    {
        if (MappingReader.Open(context, node, path, R.TargetKeys) is not { } reader) return null;

        var stage = reader.String("stage", rule: R.Stage);
        var isDefault = reader.Bool("default") ?? false;

        DomainReference? domain = null;
        var inherited = false;
        if (reader.Mapping("domain", R.DomainKeys) is { } domainReader)
        {
            domain = ReadDomain(domainReader);
        }
        else if (!reader.Has("domain"))
        {
            domain = topLevelDomain;
            inherited = true;
            if (topLevelDomain is null && !_rootHasDomainKey)
                context.Report(reader.Node, reader.ChildPath("domain"), DiagnosticCodes.MissingDomain,
                    "required: give the target a domain {name, region} or set a top-level 'domain'");
        }

        var project = ReadProject(reader);
        var initialization = reader.Mapping("initialization", R.InitializationKeys) is { } initReader ? ReadInitialization(initReader) : null;
        var configuration = reader.Mapping("bundle_target_configuration", R.BundleTargetKeys) is { } btc ? ReadBundleTarget(btc) : null;
        var workflows = reader.List("workflows", ReadTargetWorkflow) ?? [];
        var tests = reader.Mapping("tests", R.TestsKeys) is { } testsReader
            ? testsReader.String("folder", required: true, rule: StringRule.NonEmpty) is { } folder ? new TestsDefinition(folder) : null
            : null;
        var variables = reader.ScalarMap("environment_variables", R.VariableName) is { } map
            ? map.ToDictionary(p => p.Key, p => p.Value.Text, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

        if (project is not null && initialization?.Project is { ProfileName: { } initProfile }
            && project.ProfileName is { } projectProfile && projectProfile != initProfile)
        {
            context.ReportAt(path + ".initialization.project.profileName", DiagnosticCodes.Conflict,
                $"profile '{initProfile}' differs from project profile '{projectProfile}'; give the profile once");
        }

        return new TargetDefinition(
            key.Value, stage, isDefault, domain ?? new DomainReference("", ""), inherited,
            project ?? new ProjectDefinition("", false, null, null, null),
            initialization, configuration, workflows, tests, variables);
    }

    private ProjectDefinition? ReadProject(MappingReader target)
    {
        var node = target.Get("project");
        var path = target.ChildPath("project");
        if (node is null)
        {
            target.ReportMissing("project");
            return null;
        }
        // The SMUS CLI's code also accepted the project as its bare name.
        if (node is YamlScalarNode { Kind: ScalarKind.String })
            return MappingReader.ReadString(context, node, path, R.ProjectName) is { } bare
                ? new ProjectDefinition(bare, false, null, null, null)
                : null;
        if (node is not YamlMappingNode)
        {
            context.Report(node, path, DiagnosticCodes.WrongType, $"expected a mapping (or the project name), got {MappingReader.Describe(node)}");
            return null;
        }

        var reader = MappingReader.Open(context, node, path, R.ProjectKeys)!;
        var name = reader.String("name", required: true, rule: R.ProjectName);
        var create = reader.Bool("create") ?? false;
        var profile = ReadProfile(reader);
        var owners = reader.StringList("owners", StringRule.NonEmpty);
        var contributors = reader.StringList("contributors", StringRule.NonEmpty);
        return new ProjectDefinition(name ?? "", create, profile, owners, contributors);
    }

    /// <summary>The schema says <c>profile_name</c> under project and <c>profileName</c> under initialization; users write both in both.</summary>
    private static string? ReadProfile(MappingReader reader)
    {
        var snake = reader.String("profile_name", rule: StringRule.NonEmpty);
        var camel = reader.String("profileName", rule: StringRule.NonEmpty);
        if (snake is not null && camel is not null)
            reader.ReportConflict("profileName", "give either 'profile_name' or 'profileName', not both");
        return snake ?? camel;
    }

    private TargetInitialization ReadInitialization(MappingReader reader)
    {
        InitializationProject? project = null;
        if (reader.Mapping("project", R.InitializationProjectKeys) is { } projectReader)
        {
            var create = projectReader.Bool("create") ?? false;
            var profile = ReadProfile(projectReader);
            var owners = projectReader.StringList("owners", StringRule.NonEmpty);
            var contributors = projectReader.StringList("contributors", StringRule.NonEmpty);
            var parameters = projectReader.List("userParameters", _sections.ReadUserParameterGroup) ?? [];
            project = new InitializationProject(create, profile, owners, contributors, parameters);
        }
        var environments = reader.List("environments", (node, path) =>
            MappingReader.Open(context, node, path, R.EnvironmentKeys) is { } env
            && env.String("EnvironmentConfigurationName", required: true, rule: StringRule.NonEmpty) is { } name
                ? new EnvironmentRequest(name)
                : null) ?? [];
        return new TargetInitialization(project, environments);
    }

    private static BundleTargetConfiguration ReadBundleTarget(MappingReader reader)
    {
        var storage = reader.Mapping("storage", R.DestinationKeys) is { } s ? ReadDestination(s) : null;
        var workflows = reader.Mapping("workflows", R.DestinationKeys) is { } w ? ReadDestination(w) : null;
        var git = reader.Mapping("git", R.DestinationKeys) is { } g ? ReadDestination(g) : null;
        var disabled = reader.Mapping("catalog", R.TargetCatalogKeys) is { } c && (c.Bool("disable") ?? false);
        return new BundleTargetConfiguration(storage, workflows, git, disabled);
    }

    private static DeploymentDestination ReadDestination(MappingReader reader) => new(
        reader.String("connectionName", required: true, rule: StringRule.NonEmpty) ?? "",
        reader.String("directory", required: true) ?? "");

    private TargetWorkflow? ReadTargetWorkflow(YamlNode node, string path)
    {
        if (MappingReader.Open(context, node, path, R.TargetWorkflowKeys) is not { } reader) return null;
        var name = reader.String("workflowName", required: true, rule: StringRule.NonEmpty);
        var parameters = reader.ScalarMap("parameters", R.ParameterName) ?? new Dictionary<string, ManifestScalar>();
        return name is null ? null : new TargetWorkflow(name, parameters);
    }
}
