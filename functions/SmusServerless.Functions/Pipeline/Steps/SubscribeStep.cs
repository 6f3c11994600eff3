using SmusServerless.Aws.DataZone;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Functions.Pipeline.Steps;

/// <summary>
/// Subscribes the target project to the manifest's catalog assets: reuses an approved subscription or a pending
/// request, otherwise requests one; answers WAIT until every request is ACCEPTED and every grant COMPLETED. A
/// rejection ends the run with the owner's reason.
/// </summary>
public sealed class SubscribeStep(PipelineServices services)
{
    public async Task<SubscribeResult> RunAsync(SubscribeInput input, CancellationToken cancellationToken)
    {
        var bundle = await services.OpenBundleAsync(input.Run.Bundle, cancellationToken).ConfigureAwait(false);
        var target = bundle.Target(input.Target.Name);
        var assets = bundle.Manifest.Bundle.CatalogAssets;
        if (!target.SubscribesToCatalog || assets.Count == 0)
            return new SubscribeResult(StepProgress.ReadyStatus, input.Attempt, 0, []);

        var dataZone = services.DataZone(input.Project.Region);
        var previous = (input.Previous ?? []).ToDictionary(s => s.ListingId);
        var states = new List<SubscriptionState>();
        foreach (var asset in assets)
        {
            var listing = await FindListingAsync(dataZone, input.Project.DomainId, asset.Selector, cancellationToken).ConfigureAwait(false);
            previous.TryGetValue(listing.ListingId!, out var before);
            states.Add(await AdvanceAsync(dataZone, input, asset, listing, before, cancellationToken).ConfigureAwait(false));
        }

        if (states.All(s => s.Status == "COMPLETED"))
            return new SubscribeResult(StepProgress.ReadyStatus, input.Attempt, 0, states);
        var pending = string.Join(", ", states.Where(s => s.Status != "COMPLETED").Select(s => $"{s.ListingName} ({s.Status})"));
        var progress = WaitPolicy.Subscription.Wait(input.Attempt, PipelineErrors.SubscriptionTimeout, $"Subscriptions of project '{input.Project.Name}' to {pending}");
        return new SubscribeResult(progress.Status, progress.Attempt, progress.WaitSeconds, states);
    }

    /// <summary>One asset's subscription, moved one step further: requested, accepted, granted.</summary>
    private static async Task<SubscriptionState> AdvanceAsync(IDataZoneClient dataZone, SubscribeInput input, CatalogAsset asset,
        AssetListingItem listing, SubscriptionState? before, CancellationToken cancellationToken)
    {
        var domainId = input.Project.DomainId;
        var listingId = listing.ListingId!;
        var name = listing.Name ?? listingId;

        var subscriptionId = before?.SubscriptionId ?? await FindApprovedSubscriptionAsync(dataZone, domainId, listingId, input.Project.ProjectId, null, cancellationToken).ConfigureAwait(false);
        string? requestId = before?.RequestId;
        if (subscriptionId is null)
        {
            if (requestId is null)
            {
                requestId = await FindPendingRequestAsync(dataZone, domainId, listingId, input.Project.ProjectId, cancellationToken).ConfigureAwait(false);
                if (requestId is null)
                {
                    var created = await dataZone.CreateSubscriptionRequestAsync(new CreateSubscriptionRequestInput
                    {
                        DomainIdentifier = domainId,
                        SubscribedPrincipals = [new SubscribedPrincipalInput { Project = new SubscribedProjectInput { Identifier = input.Project.ProjectId } }],
                        SubscribedListings = [new SubscribedListingInput { Identifier = listingId }],
                        RequestReason = asset.RequestReason,
                        // A retry of this attempt gets the request it already made.
                        ClientToken = IdempotencyTokens.For(input.Run.RunId, input.Target.Name, listingId),
                    }, cancellationToken).ConfigureAwait(false);
                    requestId = created.Id!;
                }
            }

            var request = await dataZone.GetSubscriptionRequestDetailsAsync(new GetSubscriptionRequestDetailsInput { DomainIdentifier = domainId, Identifier = requestId }, cancellationToken).ConfigureAwait(false);
            switch (request.Status)
            {
                case "REJECTED":
                    throw new PipelineFailure(PipelineErrors.SubscriptionRejected,
                        $"The owner of '{name}' rejected the subscription request of project '{input.Project.Name}'" +
                        (string.IsNullOrWhiteSpace(request.DecisionComment) ? "." : $": {request.DecisionComment}"));
                case "ACCEPTED":
                    subscriptionId = request.ExistingSubscriptionId
                                     ?? await FindApprovedSubscriptionAsync(dataZone, domainId, listingId, input.Project.ProjectId, requestId, cancellationToken).ConfigureAwait(false);
                    if (subscriptionId is null) return new SubscriptionState(listingId, name, requestId, null, "ACCEPTED");
                    break;
                default:
                    return new SubscriptionState(listingId, name, requestId, null, request.Status ?? "PENDING");
            }
        }

        var grants = new List<SubscriptionGrantSummary>();
        await foreach (var grant in dataZone.ListSubscriptionGrantsPaginatedAsync(new ListSubscriptionGrantsInput { DomainIdentifier = domainId, SubscriptionId = subscriptionId, MaxResults = 50 }, cancellationToken).ConfigureAwait(false))
        {
            grants.Add(grant);
        }
        if (grants.FirstOrDefault(g => g.Status is "GRANT_FAILED" or "GRANT_AND_REVOKE_FAILED" or "INACCESSIBLE") is { } failed)
        {
            var causes = string.Join("; ", (failed.Assets ?? []).Where(a => a.FailureCause?.Message is not null).Select(a => a.FailureCause!.Message));
            throw new PipelineFailure(PipelineErrors.GrantFailed,
                $"Granting '{name}' to project '{input.Project.Name}' failed ({failed.Status})" + (causes.Length > 0 ? $": {causes}" : "."));
        }
        var status = grants.Count > 0 && grants.All(g => g.Status == "COMPLETED") ? "COMPLETED" : "GRANTING";
        return new SubscriptionState(listingId, name, requestId, subscriptionId, status);
    }

    private static async Task<AssetListingItem> FindListingAsync(IDataZoneClient dataZone, string domainId, AssetSelector selector, CancellationToken cancellationToken)
    {
        var (searchText, describe, matches) = selector switch
        {
            SearchAssetSelector search => (search.Identifier, $"{search.AssetType} '{search.Identifier}'",
                (Func<AssetListingItem, bool>)(item => NameMatches(item.Name, search.Identifier) && TypeMatches(item.EntityType, search.AssetType))),
            AssetIdSelector byId => (byId.AssetId, $"asset {byId.AssetId}", item => item.EntityId == byId.AssetId),
            _ => throw new InvalidOperationException("unknown asset selector"),
        };

        var found = new List<AssetListingItem>();
        await foreach (var item in dataZone.SearchListingsPaginatedAsync(new SearchListingsInput { DomainIdentifier = domainId, SearchText = searchText, MaxResults = 50 }, cancellationToken).ConfigureAwait(false))
        {
            if (item.AssetListing is { } listing && matches(listing)) found.Add(listing);
        }
        return found.Count switch
        {
            1 => found[0],
            0 => throw new PipelineFailure(PipelineErrors.AssetNotFound, $"No catalog listing matches {describe} (bundle.catalog.assets). Publish the asset, or correct the selector."),
            _ => throw new PipelineFailure(PipelineErrors.AssetNotFound,
                $"{found.Count} catalog listings match {describe} ({string.Join(", ", found.Select(f => f.ListingId))}); select the asset by assetId instead."),
        };
    }

    /// <summary>A Glue table listing is named after the table; "db.table" selects the table of that database.</summary>
    private static bool NameMatches(string? listingName, string identifier) =>
        listingName is not null && (listingName == identifier || listingName == identifier[(identifier.LastIndexOf('.') + 1)..]);

    private static bool TypeMatches(string? entityType, string assetType) =>
        entityType is null || entityType.Contains(assetType, StringComparison.OrdinalIgnoreCase);

    private static async Task<string?> FindApprovedSubscriptionAsync(IDataZoneClient dataZone, string domainId, string listingId, string projectId, string? requestId, CancellationToken cancellationToken)
    {
        await foreach (var subscription in dataZone.ListSubscriptionsPaginatedAsync(new ListSubscriptionsInput { DomainIdentifier = domainId, SubscribedListingId = listingId, OwningProjectId = projectId, SubscriptionRequestIdentifier = requestId, Status = "APPROVED", MaxResults = 50, }, cancellationToken).ConfigureAwait(false))
        {
            return subscription.Id;
        }
        return null;
    }

    private static async Task<string?> FindPendingRequestAsync(IDataZoneClient dataZone, string domainId, string listingId, string projectId, CancellationToken cancellationToken)
    {
        await foreach (var request in dataZone.ListSubscriptionRequestsPaginatedAsync(new ListSubscriptionRequestsInput { DomainIdentifier = domainId, SubscribedListingId = listingId, OwningProjectId = projectId, Status = "PENDING", MaxResults = 50 }, cancellationToken).ConfigureAwait(false))
        {
            return request.Id;
        }
        return null;
    }

}
