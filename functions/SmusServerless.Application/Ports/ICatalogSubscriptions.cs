namespace SmusServerless.Application.Ports;

/// <summary>Catalog listings and a project's subscriptions to them (DataZone on AWS, the simulator offline).</summary>
public interface ICatalogSubscriptions
{
    /// <summary>Every asset listing a search for <paramref name="searchText"/> finds (every page).</summary>
    Task<IReadOnlyList<CatalogListing>> SearchListingsAsync(string region, string domainId, string searchText, CancellationToken cancellationToken);

    /// <summary>The project's approved subscription to the listing (made by <paramref name="requestId"/>, when given); null when none.</summary>
    Task<string?> FindApprovedSubscriptionAsync(string region, string domainId, string listingId, string projectId, string? requestId, CancellationToken cancellationToken);

    /// <summary>The project's pending request for the listing; null when none.</summary>
    Task<string?> FindPendingRequestAsync(string region, string domainId, string listingId, string projectId, CancellationToken cancellationToken);

    /// <summary>Requests a subscription; the client token makes a repeat return the request the first call made. Returns its id.</summary>
    Task<string> RequestSubscriptionAsync(string region, SubscriptionRequestCreation request, CancellationToken cancellationToken);

    Task<SubscriptionRequestStatus> GetRequestAsync(string region, string domainId, string requestId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SubscriptionGrant>> ListGrantsAsync(string region, string domainId, string subscriptionId, CancellationToken cancellationToken);
}

public sealed record CatalogListing(string ListingId, string? Name, string? EntityId, string? EntityType);

public sealed record SubscriptionRequestCreation(string DomainId, string ProjectId, string ListingId, string? Reason, string ClientToken);

public enum SubscriptionRequestState { Pending, Accepted, Rejected }

/// <summary>A request's state; <see cref="StatusName"/> as the catalog spells it (PENDING when it says nothing).</summary>
public sealed record SubscriptionRequestStatus(SubscriptionRequestState State, string StatusName, string? DecisionComment, string? ExistingSubscriptionId);

public enum GrantState { Completed, InProgress, Failed }

public sealed record SubscriptionGrant(string? Id, GrantState State, string? StatusName, IReadOnlyList<string> FailureCauses);
