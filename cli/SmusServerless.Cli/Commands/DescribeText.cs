using SmusServerless.Cli.Manifests;
using SmusServerless.Cli.Output;
using SmusServerless.Core.Manifest;

namespace SmusServerless.Cli.Commands;

/// <summary><c>describe</c>'s text for people, written from the same document <c>-o JSON</c> prints.</summary>
internal static class DescribeText
{
    public static void Write(TextWriter output, ManifestFile file, PipelineManifest manifest, DescribeDocument document,
        bool connected, bool withConnections, bool withWorkflows)
    {
        output.WriteLine($"application  {document.Bundle}");
        output.WriteLine($"manifest     {file.DisplayPath} ({(manifest.Format == ManifestFormat.Application ? "application format: applicationName, content, stages" : "pipeline format: pipelineName, bundle, targets")})");
        output.WriteLine($"tests        {document.Tests?.Folder ?? "(none)"}");
        output.WriteLine();

        var content = document.Content;
        output.WriteLine("content:");
        if (content.Storage.Count + content.Git.Count + content.Catalog.Count + content.Quicksight.Count + content.Workflows.Count == 0)
            output.WriteLine("  (nothing)");
        foreach (var item in content.Storage)
            output.WriteLine($"  storage     {item.Name}: {(item.ConnectionName is { } connection ? $"from connection {connection}" : "from the checkout")}, include {List(item.Include)}" +
                             (item.Exclude.Count > 0 ? $", exclude {List(item.Exclude)}" : ""));
        foreach (var git in content.Git)
            output.WriteLine($"  git         {git.Repository}: {git.Url}{(git.Branch is { } branch ? $" (branch {branch})" : "")}");
        foreach (var asset in content.Catalog)
            output.WriteLine($"  catalog     {(asset.AssetId is { } id ? $"asset {id}" : $"{asset.AssetType} {asset.Identifier}")} ({asset.Permission})");
        foreach (var quicksight in content.Quicksight)
            output.WriteLine($"  quicksight  {quicksight.Type} {quicksight.Name}{(quicksight.AssetBundle is { } qs ? $" ({qs})" : "")}");
        foreach (var workflow in content.Workflows)
            output.WriteLine($"  workflow    {workflow.WorkflowName}{(workflow.ConnectionName is { } on ? $" on {on}" : "")}");
        output.WriteLine();

        output.WriteLine("stages (deployment order):");
        foreach (var (name, stage) in document.Targets)
        {
            output.WriteLine($"  {name}  (stage {stage.Stage})");
            output.WriteLine($"    domain     {DomainText(stage.Domain)}");
            output.WriteLine($"    project    {ProjectText(stage.Project)}");
            if (stage.Deployments.Count == 0)
                output.WriteLine("    deploys    (nothing)");
            var label = "deploys";
            foreach (var deployment in stage.Deployments)
            {
                output.WriteLine($"    {label,-9}  {deployment.Kind} {deployment.Item} -> {deployment.ConnectionName}" +
                                 (deployment.Directory.Length > 0 ? $"/{deployment.Directory}" : " (its root)") +
                                 (deployment.Compression is { } compression ? $" ({compression})" : ""));
                label = "";
            }
            if (content.Catalog.Count > 0)
                output.WriteLine($"    catalog    {(stage.CatalogSubscriptions ? $"subscribes to {DiagnosticReport.Count(content.Catalog.Count, "asset")}" : "disabled")}");
            if (stage.Bootstrap is { } bootstrap)
            {
                output.WriteLine("    bootstrap");
                var number = 1;
                foreach (var action in bootstrap.Actions)
                {
                    var parameters = action.Where(p => p.Key != "type").Select(p => $"{p.Key}={p.Value?.ToJsonString(Plain)}");
                    output.WriteLine($"      {number++}. {action["type"]}  {string.Join(" ", parameters)}".TrimEnd());
                }
            }
            if (connected)
            {
                if (stage.Note is { } note) output.WriteLine($"    note       {note}");
                if (stage.Error is { } error) output.WriteLine($"    ERROR      {error}");
                if (withConnections && stage.Connections is { } connections)
                {
                    output.WriteLine($"    connections ({connections.Count})");
                    foreach (var (connection, info) in connections)
                        output.WriteLine($"      {connection}  {info.Type ?? "?"}{(info.S3Uri is { } uri ? "  " + uri : "")}");
                }
            }
        }

        if (withWorkflows)
        {
            output.WriteLine();
            output.WriteLine("workflows:");
            if (content.Workflows.Count == 0) output.WriteLine("  (none)");
            foreach (var workflow in content.Workflows)
            {
                output.WriteLine($"  {workflow.WorkflowName}");
                output.WriteLine($"    connection  {workflow.ConnectionName ?? "(none)"}");
                output.WriteLine($"    engine      {workflow.Engine}");
                if (workflow.Parameters.Count > 0)
                    output.WriteLine($"    parameters  {workflow.Parameters.ToJsonString(Plain)}");
            }
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions Plain = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "(nothing)" : string.Join(", ", items);

    private static string DomainText(DescribeDomainDocument domain)
    {
        var which = domain.Name ?? (domain.Tags is { } tags
            ? "tagged " + string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}"))
            : "the region's only domain");
        return $"{which} ({domain.Region}){(domain.Id is { } id ? $"  id {id}" : "")}";
    }

    private static string ProjectText(DescribeProjectDocument project)
    {
        var text = $"{project.Name} (create: {(project.Create ? "true" : "false")}, profile {project.ProfileName})";
        if (project.Id is { } id) text += $"  id {id}, status {project.Status ?? "?"}";
        else if (project.Status == "NOT_FOUND") text += project.WillCreate == true ? "  not found: created at deploy" : "  NOT FOUND";
        if (project.Owners is { } owners) text += $"\n               owners: {string.Join(", ", owners)}";
        if (project.Contributors is { } contributors) text += $"\n               contributors: {string.Join(", ", contributors)}";
        return text;
    }
}
