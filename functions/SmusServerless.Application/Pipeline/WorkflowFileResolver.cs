using System.Text;
using SmusServerless.Application.Ports;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Workflows;

namespace SmusServerless.Application.Pipeline;

/// <summary>
/// Deploy-time placeholders for one target (<see cref="WorkflowPlaceholders"/>), with their values from the project
/// catalog. <see cref="ValuesAsync"/> gathers what the placeholders name; <see cref="ResolveFile"/> fills one workflow
/// file or fails the target with <see cref="PipelineErrors.WorkflowPlaceholder"/> naming the file, line and column.
/// The change set uses it for the files <c>content.workflows</c> names; the workflow step uses it for what it creates.
/// </summary>
public sealed class WorkflowFileResolver(IProjectCatalog catalog)
{
    public async Task<PlaceholderValues> ValuesAsync(ProjectReference project, TargetDefinition target, CancellationToken cancellationToken)
    {
        var context = await catalog.GetProjectContextAsync(project.Region, project.DomainId, project.ProjectId, cancellationToken).ConfigureAwait(false);
        var connections = await catalog.ListConnectionsAsync(project.Region, project.DomainId, project.ProjectId, cancellationToken).ConfigureAwait(false);
        return new PlaceholderValues(target.Name, target.EnvironmentVariables, project.ProjectId, project.Name, project.DomainId,
            context.DomainName, project.Region, context.UserRoleArn, context.KmsKeyArn,
            [.. connections.Select(c => new PlaceholderConnection(c.Name, PropertiesOf(c)))]);
    }

    // The connection's S3 location is a property too, however the catalog gave it.
    private static IReadOnlyDictionary<string, string> PropertiesOf(ProjectConnection connection)
    {
        if (connection.S3Uri is null || connection.Properties.ContainsKey("s3Uri")) return connection.Properties;
        return new Dictionary<string, string>(connection.Properties, StringComparer.Ordinal) { ["s3Uri"] = connection.S3Uri };
    }

    /// <summary>The file's bytes with every placeholder filled; a placeholder that cannot be filled fails the target.</summary>
    public static byte[] ResolveFile(string bundlePath, byte[] content, PlaceholderValues values)
    {
        var result = WorkflowPlaceholders.Resolve(bundlePath, Encoding.UTF8.GetString(content), values);
        if (!result.Succeeded)
            throw new PipelineFailure(PipelineErrors.WorkflowPlaceholder,
                $"Workflow file {bundlePath} cannot be deployed to target '{values.StageName}':\n" + string.Join("\n", result.Problems.Select(p => p.ToString())));
        return Encoding.UTF8.GetBytes(result.Text!);
    }
}
