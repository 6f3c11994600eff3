using SmusServerless.Application.Ports;
using SmusServerless.Aws.DataZone;
using SubscriptionRequestStatus = SmusServerless.Application.Ports.SubscriptionRequestStatus;

namespace SmusServerless.Aws.Adapters;

/// <summary>Catalog listings and subscriptions over DataZone, DataZone's status strings mapped to the application's states.</summary>
public sealed class DataZoneCatalogSubscriptions(Func<string, IDataZoneClient> dataZoneForRegion) : ICatalogSubscriptions
{
    private const int PageSize = 50;

    public async Task<IReadOnlyList<CatalogListing>> SearchListingsAsync(string region, string domainId, string searchText, CancellationToken cancellationToken)
    {
        var found = new List<CatalogListing>();
        await foreach (var item in dataZoneForRegion(region).SearchListingsPaginatedAsync(new SearchListingsInput { DomainIdentifier = domainId, SearchText = searchText, MaxResults = PageSize }, cancellationToken).ConfigureAwait(false))
        {
            if (item.AssetListing is { } listing) found.Add(new CatalogListing(listing.ListingId!, listing.Name, listing.EntityId, listing.EntityType));
        }
        return found;
    }

    public async Task<string?> FindApprovedSubscriptionAsync(string region, string domainId, string listingId, string projectId, string? requestId, CancellationToken cancellationToken)
    {
        await foreach (var subscription in dataZoneForRegion(region).ListSubscriptionsPaginatedAsync(new ListSubscriptionsInput { DomainIdentifier = domainId, SubscribedListingId = listingId, OwningProjectId = projectId, SubscriptionRequestIdentifier = requestId, Status = "APPROVED", MaxResults = PageSize }, cancellationToken).ConfigureAwait(false))
        {
            return subscription.Id;
        }
        return null;
    }

    public async Task<string?> FindPendingRequestAsync(string region, string domainId, string listingId, string projectId, CancellationToken cancellationToken)
    {
        await foreach (var request in dataZoneForRegion(region).ListSubscriptionRequestsPaginatedAsync(new ListSubscriptionRequestsInput { DomainIdentifier = domainId, SubscribedListingId = listingId, OwningProjectId = projectId, Status = "PENDING", MaxResults = PageSize }, cancellationToken).ConfigureAwait(false))
        {
            return request.Id;
        }
        return null;
    }

    public async Task<string> RequestSubscriptionAsync(string region, SubscriptionRequestCreation request, CancellationToken cancellationToken)
    {
        var created = await dataZoneForRegion(region).CreateSubscriptionRequestAsync(new CreateSubscriptionRequestInput
        {
            DomainIdentifier = request.DomainId,
            SubscribedPrincipals = [new SubscribedPrincipalInput { Project = new SubscribedProjectInput { Identifier = request.ProjectId } }],
            SubscribedListings = [new SubscribedListingInput { Identifier = request.ListingId }],
            RequestReason = request.Reason,
            ClientToken = request.ClientToken,
        }, cancellationToken).ConfigureAwait(false);
        return created.Id!;
    }

    public async Task<SubscriptionRequestStatus> GetRequestAsync(string region, string domainId, string requestId, CancellationToken cancellationToken)
    {
        var request = await dataZoneForRegion(region).GetSubscriptionRequestDetailsAsync(new GetSubscriptionRequestDetailsInput { DomainIdentifier = domainId, Identifier = requestId }, cancellationToken).ConfigureAwait(false);
        var state = request.Status switch
        {
            "REJECTED" => SubscriptionRequestState.Rejected,
            "ACCEPTED" => SubscriptionRequestState.Accepted,
            _ => SubscriptionRequestState.Pending,
        };
        return new SubscriptionRequestStatus(state, request.Status ?? "PENDING", request.DecisionComment, request.ExistingSubscriptionId);
    }

    public async Task<IReadOnlyList<SubscriptionGrant>> ListGrantsAsync(string region, string domainId, string subscriptionId, CancellationToken cancellationToken)
    {
        var grants = new List<SubscriptionGrant>();
        await foreach (var grant in dataZoneForRegion(region).ListSubscriptionGrantsPaginatedAsync(new ListSubscriptionGrantsInput { DomainIdentifier = domainId, SubscriptionId = subscriptionId, MaxResults = PageSize }, cancellationToken).ConfigureAwait(false))
        {
            var state = grant.Status switch
            {
                "COMPLETED" => GrantState.Completed,
                "GRANT_FAILED" or "GRANT_AND_REVOKE_FAILED" or "INACCESSIBLE" => GrantState.Failed,
                _ => GrantState.InProgress,
            };
            grants.Add(new SubscriptionGrant(grant.Id, state, grant.Status,
                [.. (grant.Assets ?? []).Where(a => a.FailureCause?.Message is not null).Select(a => a.FailureCause!.Message!)]));
        }
        return grants;
    }
}
