namespace SmusServerless.Core.Manifest.Validation;

/// <summary>
/// Whole-manifest checks of the application format (the default-stage rule is shared with the pipeline format):
/// <list type="bullet">
/// <item>Storage item names, git repository names, QuickSight asset names and workflow names are unique: stages refer to them by name.</item>
/// <item>A checkout storage item's includes and every <c>targetDirectory</c> stay inside their root.</item>
/// <item><c>deployment_configuration.storage[].name</c> names a <c>content.storage</c> item, <c>git[].name</c> a
/// <c>content.git</c> repository, <c>quicksight.assets[].name</c> a <c>content.quicksight</c> asset.</item>
/// <item>A <c>workflow.create</c> action's <c>workflowName</c> is one of <c>content.workflows</c> (smus-cli fails otherwise).</item>
/// <item><c>tests.folder</c> is given (relative to the working directory, as smus-cli reads it) and, when the bundle is known, in it.</item>
/// </list>
/// </summary>
internal sealed class ApplicationSemanticRules(BindingContext context, SemanticRules shared)
{
    public void Check(PipelineManifest manifest)
    {
        var content = manifest.Content ?? ApplicationContent.Empty;
        CheckUnique(content.Storage, s => s.Name, "content.storage", "name", "storage item");
        CheckUnique(content.Git, g => g.Repository, "content.git", "repository", "git repository");
        CheckUnique(content.QuickSight, q => q.Name, "content.quicksight", "name", "QuickSight asset");
        CheckUnique(content.Workflows, w => w.WorkflowName, "content.workflows", "workflowName", "workflow");
        CheckItemNames(content);
        CheckIncludes(content);
        if (manifest.Tests is { } tests) shared.CheckTests(tests, "tests.folder", fromWorkingDirectory: true);

        foreach (var target in manifest.Targets)
        {
            var path = context.PathOf(target);
            if (target.DeploymentConfiguration is { } configuration)
                CheckDeploymentConfiguration(content, configuration, path + ".deployment_configuration");
            CheckBootstrap(content, target);
        }
    }

    private void CheckUnique<T>(IReadOnlyList<T> items, Func<T, string> name, string section, string key, string what)
        where T : class
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var value = name(item);
            if (value.Length > 0 && !seen.Add(value))
                context.ReportAt(context.PathOf(item) + "." + key, DiagnosticCodes.DuplicateName,
                    $"{what} '{value}' is declared more than once in '{section}'");
        }
    }

    /// <summary>A storage item's name and a git repository name each name a folder of the bundle (<see cref="Bundle.BundleLayout"/>).</summary>
    private void CheckItemNames(ApplicationContent content)
    {
        foreach (var item in content.Storage)
            if (Bundle.BundleLayout.CheckItemName(item.Name) is { } problem && item.Name.Length > 0)
                context.ReportAt(context.PathOf(item) + ".name", DiagnosticCodes.Pattern,
                    $"storage item name '{item.Name}' {problem}: it names the item's folder in the bundle (storage/<name>/)");
        foreach (var item in content.Git)
            if (Bundle.BundleLayout.CheckItemName(item.Repository) is { } problem && item.Repository.Length > 0)
                context.ReportAt(context.PathOf(item) + ".repository", DiagnosticCodes.Pattern,
                    $"repository name '{item.Repository}' {problem}: it names the repository's folder in the bundle (repositories/<repository>/)");
    }

    private void CheckIncludes(ApplicationContent content)
    {
        foreach (var item in content.Storage.Where(s => s.FromCheckout))
        {
            var path = context.PathOf(item);
            for (var i = 0; i < item.Include.Count; i++)
                if (!IsRelativePattern(item.Include[i])) shared.ReportUnsafe($"{path}.include[{i}]", item.Include[i]);
        }
    }

    private void CheckDeploymentConfiguration(ApplicationContent content, StageDeploymentConfiguration configuration, string path)
    {
        for (var i = 0; i < configuration.Storage.Count; i++)
        {
            var item = configuration.Storage[i];
            var itemPath = $"{path}.storage[{i}]";
            CheckReference(item.Name, content.Storage.Select(s => s.Name), itemPath + ".name", "content.storage");
            if (item.TargetDirectory is { } directory && !SemanticRules.IsContainedPath(directory, allowEmpty: true))
                shared.ReportUnsafe(itemPath + ".targetDirectory", directory);
        }
        for (var i = 0; i < configuration.Git.Count; i++)
        {
            var item = configuration.Git[i];
            CheckReference(item.Name, content.Git.Select(g => g.Repository), $"{path}.git[{i}].name", "content.git");
            if (!SemanticRules.IsContainedPath(item.TargetDirectory, allowEmpty: true))
                shared.ReportUnsafe($"{path}.git[{i}].targetDirectory", item.TargetDirectory);
        }
        if (configuration.Workflows is { } workflows && !SemanticRules.IsContainedPath(workflows.Directory, allowEmpty: true))
            shared.ReportUnsafe(path + ".workflows.directory", workflows.Directory);
        if (configuration.QuickSight is { } quickSight)
            for (var i = 0; i < quickSight.Assets.Count; i++)
                CheckReference(quickSight.Assets[i].Name, content.QuickSight.Select(q => q.Name), $"{path}.quicksight.assets[{i}].name", "content.quicksight");
    }

    private void CheckBootstrap(ApplicationContent content, TargetDefinition target)
    {
        var declared = content.Workflows.Select(w => w.WorkflowName).ToList();
        foreach (var action in target.BootstrapActions)
        {
            if (action.CanonicalType == "workflow.create" && action.Parameters.TryGetValue("workflowName", out var name) && name.Text is { } workflow)
                CheckReference(workflow, declared, context.PathOf(action) + ".workflowName", "content.workflows");
        }
    }

    private void CheckReference(string name, IEnumerable<string> declared, string path, string section)
    {
        var names = declared.ToList();
        if (names.Contains(name, StringComparer.Ordinal)) return;
        var suggestion = KeySuggestion.Nearest(name, names);
        context.ReportAt(path, DiagnosticCodes.UnknownContent,
            names.Count == 0
                ? $"'{name}' is not declared: '{section}' is empty"
                : $"'{name}' is not declared in '{section}' ({string.Join(", ", names)})" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?"));
    }

    /// <summary>An include (file, folder or glob) relative to the manifest's folder, not leaving it.</summary>
    private static bool IsRelativePattern(string include) =>
        !include.Contains('\\', StringComparison.Ordinal) && !include.StartsWith('/') && !include.Contains(':', StringComparison.Ordinal)
        && !include.Split('/').Contains("..");
}
