using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Ports;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Describe;

/// <summary>
/// What the catalog holds for one stage of a manifest, read only (<c>describe --connect</c>): its domain, its project
/// and the project's connections. <see cref="Problem"/> says what stands in the way of deploying there, if anything;
/// <see cref="Note"/> says what was not looked up and why (not a problem).
/// </summary>
public sealed record StageFound(
    string Stage,
    CatalogDomain? Domain,
    ProjectDetails? Project,
    bool ProjectWillBeCreated,
    IReadOnlyList<ProjectConnection> Connections,
    string? Problem,
    string? Note = null)
{
    public bool Ok => Problem is null;
}

/// <summary>
/// Looks each stage's domain and project up by name, as Resolve will, without changing anything. Like smus-cli's
/// <c>describe --connect</c>: a project that does not exist is fine when the stage creates it, else a problem; a project
/// with no connections is a problem (nothing could be deployed into it).
/// </summary>
public sealed class StageLookup(IProjectCatalog catalog)
{
    private readonly CatalogNames _names = new(catalog);

    public async Task<StageFound> LookUpAsync(TargetDefinition stage, CancellationToken cancellationToken)
    {
        var domainReference = stage.Domain;
        var region = domainReference.Region;
        if (domainReference.Name.Length == 0)
            return new StageFound(stage.Name, null, null, false, [], null,
                domainReference.IsSelectedByTags
                    ? "the domain is selected by tags: describe looks domains up by name only"
                    : $"the domain is the only one of {region}: describe looks domains up by name only");
        try
        {
            var domain = await _names.FindDomainAsync(region, domainReference.Name, cancellationToken).ConfigureAwait(false);
            if (domain is null)
                return new StageFound(stage.Name, null, null, false, [], $"no domain '{domainReference.Name}' in {region}");

            var found = await _names.FindProjectAsync(region, domain.Id, stage.Project.Name, cancellationToken).ConfigureAwait(false);
            if (found is null)
                return stage.Create
                    ? new StageFound(stage.Name, domain, null, true, [], null, $"project '{stage.Project.Name}' does not exist yet: it is created at deploy (create: true)")
                    : new StageFound(stage.Name, domain, null, false, [],
                        $"project '{stage.Project.Name}' does not exist in domain '{domainReference.Name}' and the stage does not create it (create: false)");

            var project = await catalog.GetProjectAsync(region, domain.Id, found.Id, cancellationToken).ConfigureAwait(false);
            var connections = await catalog.ListConnectionsAsync(region, domain.Id, found.Id, cancellationToken).ConfigureAwait(false);
            return new StageFound(stage.Name, domain, project, false, connections,
                connections.Count == 0 ? $"project '{project.Name}' ({project.Id}) has no connections: nothing can be deployed into it" : null);
        }
        catch (PipelineFailure failure)
        {
            return new StageFound(stage.Name, null, null, false, [], failure.Message);
        }
    }
}
