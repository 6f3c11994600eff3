namespace SmusServerless.Core.Manifest.Validation;

/// <summary>
/// Checks that need the whole manifest. The rules, and why:
/// <list type="bullet">
/// <item>At most one target is <c>default: true</c> (the default target is picked when none is named).</item>
/// <item>An MWAA workflow names its <c>connectionName</c>; workflow names are unique; a target's <c>workflows[]</c>
/// only names workflows declared at the top level.</item>
/// <item>A deployment target (one with <c>bundle_target_configuration</c>) has <c>storage</c> or <c>workflows</c>,
/// since only those are deployed.</item>
/// <item>A target's <c>storage</c> (<c>workflows</c>) destination deploys what <c>bundle.storage[]</c>
/// (<c>bundle.workflow[]</c>) bundles, so that section must bundle something, and the destination's
/// <c>connectionName</c> must be one of the connections that section bundles from. SMUS projects made from one
/// profile share connection names (<c>default.s3_shared</c>), so a different name is almost always a typo.
/// A <c>git</c> destination needs <c>bundle.git</c>.</item>
/// <item>Bundled content a deployment target has no destination for is a warning: it would silently not be deployed.</item>
/// <item>Destination directories, include entries, <c>git.targetDir</c> and <c>tests.folder</c> are relative paths
/// that stay inside their root (no "..", no leading '/', no '\'); storage and workflows destinations on the same
/// connection must not overlap, or pruning one would delete the other's files.</item>
/// <item>When the bundle's files are known: each tests folder is in the bundle (see <see cref="TestsFolder"/>) and each
/// airflow-serverless workflow has <c>workflows/dags/&lt;name&gt;.yaml</c> (or <c>.yml</c>).</item>
/// </list>
/// </summary>
internal sealed class SemanticRules(BindingContext context, ManifestLoadOptions options)
{
    public void Check(PipelineManifest manifest)
    {
        CheckDefaults(manifest);
        if (manifest.Format == ManifestFormat.Application)
        {
            new ApplicationSemanticRules(context, this).Check(manifest);
            return;
        }
        CheckWorkflows(manifest);
        CheckBundlePaths(manifest.Bundle);
        foreach (var target in manifest.Targets)
        {
            var path = context.PathOf(target);
            CheckTargetWorkflows(manifest, target, path);
            if (target.BundleTargetConfiguration is { } configuration)
                CheckDestinations(manifest.Bundle, configuration, path + ".bundle_target_configuration");
            if (target.Tests is { } tests) CheckTests(tests, path + ".tests.folder");
        }
    }

    private void CheckDefaults(PipelineManifest manifest)
    {
        TargetDefinition? first = null;
        foreach (var target in manifest.Targets.Where(t => t.IsDefault))
        {
            if (first is null)
            {
                first = target;
                continue;
            }
            context.ReportAt(context.PathOf(target) + ".default", DiagnosticCodes.MultipleDefaults,
                $"only one target may be 'default: true'; '{first.Name}' already is");
        }
    }

    private void CheckWorkflows(PipelineManifest manifest)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var workflow in manifest.Workflows)
        {
            var path = context.PathOf(workflow);
            if (workflow.WorkflowName.Length > 0 && !seen.Add(workflow.WorkflowName))
                context.ReportAt(path + ".workflowName", DiagnosticCodes.DuplicateName,
                    $"workflow '{workflow.WorkflowName}' is declared more than once");
            if (workflow.Engine == WorkflowEngine.Mwaa && workflow.ConnectionName is null)
                context.ReportAt(path + ".connectionName", DiagnosticCodes.Required,
                    "required for engine MWAA (the connection of the MWAA environment, e.g. 'project.workflow_mwaa')");
            if (workflow.Engine == WorkflowEngine.AirflowServerless && options.BundleContents is { } bundle
                && workflow.WorkflowName.Length > 0
                && !bundle.ContainsFile($"workflows/dags/{workflow.WorkflowName}.yaml")
                && !bundle.ContainsFile($"workflows/dags/{workflow.WorkflowName}.yml"))
                context.ReportAt(path + ".workflowName", DiagnosticCodes.MissingInBundle,
                    $"the bundle has no workflows/dags/{workflow.WorkflowName}.yaml for this airflow-serverless workflow");
        }
    }

    private void CheckBundlePaths(BundleDefinition bundle)
    {
        foreach (var connection in bundle.Storage.Concat(bundle.Workflow))
        {
            var path = context.PathOf(connection);
            for (var i = 0; i < connection.Include.Count; i++)
                if (connection.Include[i] != "*" && !IsContainedPath(connection.Include[i], allowEmpty: false))
                    ReportUnsafe($"{path}.include[{i}]", connection.Include[i]);
        }
        if (bundle.Git is { TargetDir.Length: > 0 } git && !IsContainedPath(git.TargetDir, allowEmpty: false))
            ReportUnsafe("bundle.git.targetDir", git.TargetDir);
    }

    private void CheckTargetWorkflows(PipelineManifest manifest, TargetDefinition target, string targetPath)
    {
        var declared = manifest.Workflows.Select(w => w.WorkflowName).ToList();
        foreach (var workflow in target.Workflows)
        {
            if (declared.Contains(workflow.WorkflowName, StringComparer.Ordinal)) continue;
            var suggestion = KeySuggestion.Nearest(workflow.WorkflowName, declared);
            context.ReportAt(context.PathOf(workflow) + ".workflowName", DiagnosticCodes.UnknownWorkflow,
                $"workflow '{workflow.WorkflowName}' is not declared in the top-level 'workflows'"
                + (suggestion is null ? "" : $"; did you mean '{suggestion}'?"));
        }
    }

    private void CheckDestinations(BundleDefinition bundle, BundleTargetConfiguration configuration, string path)
    {
        if (configuration.Storage is null && configuration.Workflows is null)
            context.ReportAt(path, DiagnosticCodes.NothingToDeploy,
                "needs 'storage' or 'workflows': they say where the bundle's files go in this target");

        CheckDestination(configuration.Storage, bundle.Storage, path + ".storage", "bundle.storage");
        CheckDestination(configuration.Workflows, bundle.Workflow, path + ".workflows", "bundle.workflow");

        if (configuration.Git is { } git)
        {
            if (bundle.Git is null)
                context.ReportAt(path + ".git", DiagnosticCodes.NothingToDeploy, "there is no 'bundle.git' to deploy here");
            if (!IsContainedPath(git.Directory, allowEmpty: true)) ReportUnsafe(path + ".git.directory", git.Directory);
        }

        if (configuration is { Storage: { } storage, Workflows: { } workflows }
            && storage.ConnectionName == workflows.ConnectionName
            && Overlap(storage.Directory, workflows.Directory))
            context.ReportAt(path + ".workflows.directory", DiagnosticCodes.DirectoryConflict,
                $"'{workflows.Directory}' overlaps the storage directory '{storage.Directory}' on the same connection '{storage.ConnectionName}'");
    }

    private void CheckDestination(DeploymentDestination? destination, IReadOnlyList<BundleConnection> sources, string path, string sectionPath)
    {
        if (destination is null)
        {
            if (sources.Count > 0)
                context.ReportAt(path[..path.LastIndexOf('.')], DiagnosticCodes.UndeployedContent,
                    $"'{sectionPath}' bundles files but this target has no '{path[(path.LastIndexOf('.') + 1)..]}' destination, so they are not deployed here",
                    DiagnosticSeverity.Warning);
            return;
        }

        if (sources.Count == 0)
        {
            context.ReportAt(path, DiagnosticCodes.NothingToDeploy, $"'{sectionPath}' bundles nothing, so nothing would be deployed here");
        }
        else if (destination.ConnectionName.Length > 0)
        {
            var names = sources.Select(s => s.ConnectionName).Where(n => n.Length > 0).Distinct().ToList();
            if (names.Count > 0 && !names.Contains(destination.ConnectionName, StringComparer.Ordinal))
            {
                var suggestion = KeySuggestion.Nearest(destination.ConnectionName, names);
                context.ReportAt(path + ".connectionName", DiagnosticCodes.ConnectionMismatch,
                    $"connection '{destination.ConnectionName}' is not one that '{sectionPath}' bundles from ({string.Join(", ", names)})"
                    + (suggestion is null ? "" : $"; did you mean '{suggestion}'?"));
            }
        }

        if (!IsContainedPath(destination.Directory, allowEmpty: true)) ReportUnsafe(path + ".directory", destination.Directory);
    }

    /// <param name="fromWorkingDirectory">
    /// The application format: the folder is relative to the working directory (as smus-cli resolves it), so '..' and
    /// absolute paths are the user's to write; the CLI bundles it at <see cref="TestsFolder.ApplicationBundlePath"/>.
    /// </param>
    internal void CheckTests(TestsDefinition tests, string path, bool fromWorkingDirectory = false)
    {
        if (fromWorkingDirectory ? string.IsNullOrWhiteSpace(tests.Folder) : TestsFolder.Normalize(tests.Folder) is null)
        {
            ReportUnsafe(path, tests.Folder);
            return;
        }
        if (options.BundleContents is { } bundle && TestsFolder.Locate(tests.Folder, bundle) is null)
            context.ReportAt(path, DiagnosticCodes.MissingInBundle, fromWorkingDirectory
                ? $"the bundle has no tests folder '{tests.Folder}' (looked under {TestsFolder.ApplicationBundlePath}/, at its root and under storage/)"
                : $"the bundle has no tests folder '{tests.Folder}' (looked at its root and under storage/)");
    }

    internal void ReportUnsafe(string path, string value) =>
        context.ReportAt(path, DiagnosticCodes.UnsafePath,
            $"'{value}' must be a relative path that stays inside its root (no '..', no leading '/', no '\\')");

    internal static bool IsContainedPath(string value, bool allowEmpty)
    {
        if (value.Contains('\\', StringComparison.Ordinal) || value.StartsWith('/') || value.Contains(':', StringComparison.Ordinal))
            return false;
        var segments = Segments(value);
        if (segments.Contains("..")) return false;
        return allowEmpty || segments.Count > 0;
    }

    private static List<string> Segments(string value) =>
        [.. value.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".")];

    /// <summary>True when one directory is the other or lies inside it ("" is the connection root and contains all).</summary>
    private static bool Overlap(string a, string b)
    {
        var left = Segments(a);
        var right = Segments(b);
        var common = Math.Min(left.Count, right.Count);
        for (var i = 0; i < common; i++)
            if (left[i] != right[i]) return false;
        return true;
    }
}
