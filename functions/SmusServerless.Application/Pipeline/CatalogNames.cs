using SmusServerless.Application.Ports;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Pipeline;

/// <summary>
/// Finds catalog resources by name. Names are not unique keys in every API, so two matches are an error that says so
/// rather than a guess.
/// </summary>
public sealed class CatalogNames(IProjectCatalog catalog)
{
    public async Task<CatalogDomain?> FindDomainAsync(string region, string name, CancellationToken cancellationToken) =>
        Single(await catalog.FindDomainsAsync(region, name, cancellationToken).ConfigureAwait(false), PipelineErrors.DomainAmbiguous, $"domain '{name}'", d => d.Id);

    public async Task<CatalogProject?> FindProjectAsync(string region, string domainId, string name, CancellationToken cancellationToken) =>
        Single(await catalog.FindProjectsAsync(region, domainId, name, cancellationToken).ConfigureAwait(false),
            PipelineErrors.ProjectAmbiguous, $"project '{name}' in domain {domainId}", p => p.Id);

    public async Task<ProjectProfileRef?> FindProjectProfileAsync(string region, string domainId, string name, CancellationToken cancellationToken) =>
        Single(await catalog.FindProjectProfilesAsync(region, domainId, name, cancellationToken).ConfigureAwait(false),
            PipelineErrors.ProfileNotFound, $"project profile '{name}' in domain {domainId}", p => p.Id);

    private static T? Single<T>(IReadOnlyList<T> matches, string ambiguousError, string what, Func<T, string?> id) where T : class =>
        matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new PipelineFailure(ambiguousError,
                $"{matches.Count} resources are named {what} ({string.Join(", ", matches.Select(id))}); names must be unique for the pipeline to choose. Rename one of them."),
        };
}
