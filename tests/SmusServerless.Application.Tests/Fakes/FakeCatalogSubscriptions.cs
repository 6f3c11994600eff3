using SmusServerless.Application.Ports;

namespace SmusServerless.Application.Tests.Fakes;

/// <summary>Listings, requests and grants held in lists; a new request takes the state <see cref="NewRequestState"/>.</summary>
internal sealed class FakeCatalogSubscriptions : ICatalogSubscriptions
{
    public List<CatalogListing> Listings { get; } = [];
    public Dictionary<string, SubscriptionRequestStatus> Requests { get; } = [];
    public Dictionary<string, List<SubscriptionGrant>> Grants { get; } = [];
    public Dictionary<string, string> Approved { get; } = [];
    public List<SubscriptionRequestCreation> Created { get; } = [];
    public SubscriptionRequestStatus NewRequestState { get; set; } = new(SubscriptionRequestState.Pending, "PENDING", null, null);

    public Task<IReadOnlyList<CatalogListing>> SearchListingsAsync(string region, string domainId, string searchText, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CatalogListing>>([.. Listings]);

    public Task<string?> FindApprovedSubscriptionAsync(string region, string domainId, string listingId, string projectId, string? requestId, CancellationToken cancellationToken) =>
        Task.FromResult(Approved.GetValueOrDefault(listingId));

    public Task<string?> FindPendingRequestAsync(string region, string domainId, string listingId, string projectId, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);

    public Task<string> RequestSubscriptionAsync(string region, SubscriptionRequestCreation request, CancellationToken cancellationToken)
    {
        Created.Add(request);
        var id = "req-" + Created.Count;
        Requests[id] = NewRequestState;
        return Task.FromResult(id);
    }

    public Task<SubscriptionRequestStatus> GetRequestAsync(string region, string domainId, string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(Requests[requestId]);

    public Task<IReadOnlyList<SubscriptionGrant>> ListGrantsAsync(string region, string domainId, string subscriptionId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SubscriptionGrant>>(Grants.GetValueOrDefault(subscriptionId) ?? []);
}
