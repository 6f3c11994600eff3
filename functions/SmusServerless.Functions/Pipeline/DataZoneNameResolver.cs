using SmusServerless.Aws.DataZone;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Functions.Pipeline;

/// <summary>
/// Finds DataZone resources by name, reading every page (the SMUS CLI read one page and missed the rest). Names are
/// not unique keys in every API, so two matches are an error that says so rather than a guess.
/// </summary>
public sealed class DataZoneNameResolver(IDataZoneClient dataZone)
{
    // The largest pages the model allows (ListDomains: 25, the other lists: 50).
    private const int PageSize = 50;

    public async Task<DomainSummary?> FindDomainAsync(string name, CancellationToken cancellationToken)
    {
        var matches = new List<DomainSummary>();
        await foreach (var domain in dataZone.ListDomainsPaginatedAsync(new ListDomainsInput { MaxResults = 25 }, cancellationToken).ConfigureAwait(false))
        {
            if (domain.Name == name && domain.Status is not ("DELETED" or "DELETING")) matches.Add(domain);
        }
        return Single(matches, PipelineErrors.DomainAmbiguous, $"domain '{name}'", d => d.Id);
    }

    public async Task<ProjectSummary?> FindProjectAsync(string domainId, string name, CancellationToken cancellationToken)
    {
        var matches = new List<ProjectSummary>();
        await foreach (var project in dataZone.ListProjectsPaginatedAsync(new ListProjectsInput { DomainIdentifier = domainId, Name = name, MaxResults = PageSize }, cancellationToken).ConfigureAwait(false))
        {
            // The name filter may match more loosely than equality; only an exact name counts.
            if (project.Name == name && project.ProjectStatus is not ("DELETING" or "DELETE_FAILED")) matches.Add(project);
        }
        return Single(matches, PipelineErrors.ProjectAmbiguous, $"project '{name}' in domain {domainId}", p => p.Id);
    }

    public async Task<ProjectProfileSummary?> FindProjectProfileAsync(string domainId, string name, CancellationToken cancellationToken)
    {
        var matches = new List<ProjectProfileSummary>();
        await foreach (var profile in dataZone.ListProjectProfilesPaginatedAsync(new ListProjectProfilesInput { DomainIdentifier = domainId, Name = name, MaxResults = PageSize }, cancellationToken).ConfigureAwait(false))
        {
            if (profile.Name == name) matches.Add(profile);
        }
        return Single(matches, PipelineErrors.ProfileNotFound, $"project profile '{name}' in domain {domainId}", p => p.Id);
    }

    private static T? Single<T>(List<T> matches, string ambiguousError, string what, Func<T, string?> id) where T : class =>
        matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new PipelineFailure(ambiguousError,
                $"{matches.Count} resources are named {what} ({string.Join(", ", matches.Select(id))}); names must be unique for the pipeline to choose. Rename one of them."),
        };
}
