using SmusServerless.Application.Ports;
using SmusServerless.Core.Manifest;
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

    /// <summary>
    /// The domain a stage selects: by name (null when there is none: Provision may create it), by tags (the one live
    /// domain of the region whose tags include every given key and value), or by region alone (the region's only
    /// domain, as smus-cli takes it). A selection by tags or region that matches no domain, or several, fails naming
    /// the candidates with their ids and tags, so a person can make the manifest's selection unique.
    /// </summary>
    public async Task<CatalogDomain?> FindDomainAsync(DomainReference domain, string manifestPath, CancellationToken cancellationToken)
    {
        if (!domain.IsSelectedByTags && !domain.IsRegionsOnlyDomain)
            return await FindDomainAsync(domain.Region, domain.Name, cancellationToken).ConfigureAwait(false);

        var all = await catalog.ListDomainsWithTagsAsync(domain.Region, cancellationToken).ConfigureAwait(false);
        var wanted = domain.Tags ?? new Dictionary<string, string>();
        var matches = all.Where(d => wanted.All(tag => d.Tags.TryGetValue(tag.Key, out var value) && value == tag.Value)).ToList();
        if (matches.Count == 1) return new CatalogDomain(matches[0].Id, matches[0].Name);

        var selection = domain.IsSelectedByTags
            ? $"{manifestPath}.tags ({Describe(wanted)})"
            : $"{manifestPath} (region {domain.Region} only, no name or tags)";
        var candidates = (matches.Count == 0 ? all : matches)
            .Select(d => $"'{d.Name}' ({d.Id}; tags: {(d.Tags.Count == 0 ? "none" : Describe(d.Tags))})")
            .ToList();
        var listed = candidates.Count == 0 ? $"{domain.Region} has no domain." : $"The domains{(matches.Count == 0 ? $" of {domain.Region}" : "")}: {string.Join("; ", candidates)}.";
        var fix = domain.IsSelectedByTags
            ? matches.Count == 0 ? $"Correct the tags, or name the domain ({manifestPath}.name)." : $"Add a tag only one of them has, or name the domain ({manifestPath}.name)."
            : $"Name the domain ({manifestPath}.name) or select it by tags ({manifestPath}.tags).";
        throw matches.Count == 0
            ? new PipelineFailure(PipelineErrors.DomainNotFound, $"No domain in {domain.Region} matches {selection}. {listed} {fix}")
            : new PipelineFailure(PipelineErrors.DomainAmbiguous,
                $"{matches.Count} domains in {domain.Region} match {selection}; the pipeline needs exactly one. {listed} {fix}");
    }

    private static string Describe(IEnumerable<KeyValuePair<string, string>> tags) =>
        string.Join(", ", tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));

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
