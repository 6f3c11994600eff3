using SmusServerless.Application.Ports;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Pipeline.Steps;

/// <summary>
/// Subscribes the target project to the manifest's catalog assets: reuses an approved subscription or a pending
/// request, otherwise requests one; answers WAIT until every request is ACCEPTED and every grant COMPLETED. A
/// rejection ends the run with the owner's reason.
/// </summary>
public sealed class SubscribeStep(RunBundles bundles, ICatalogSubscriptions catalog)
{
    public async Task<SubscribeResult> RunAsync(SubscribeInput input, CancellationToken cancellationToken)
    {
        var bundle = await bundles.OpenAsync(input.Run.Bundle, cancellationToken).ConfigureAwait(false);
        var target = bundle.Target(input.Target.Name);
        var assets = bundle.Manifest.Bundle.CatalogAssets;
        if (!target.SubscribesToCatalog || assets.Count == 0)
            return new SubscribeResult(StepProgress.ReadyStatus, input.Attempt, 0, []);

        var previous = (input.Previous ?? []).ToDictionary(s => s.ListingId);
        var states = new List<SubscriptionState>();
        foreach (var asset in assets)
        {
            var listing = await FindListingAsync(input.Project.Region, input.Project.DomainId, asset.Selector, cancellationToken).ConfigureAwait(false);
            previous.TryGetValue(listing.ListingId, out var before);
            states.Add(await AdvanceAsync(input, asset, listing, before, cancellationToken).ConfigureAwait(false));
        }

        if (states.All(s => s.Status == "COMPLETED"))
            return new SubscribeResult(StepProgress.ReadyStatus, input.Attempt, 0, states);
        var pending = string.Join(", ", states.Where(s => s.Status != "COMPLETED").Select(s => $"{s.ListingName} ({s.Status})"));
        var progress = WaitPolicy.Subscription.Wait(input.Attempt, PipelineErrors.SubscriptionTimeout, $"Subscriptions of project '{input.Project.Name}' to {pending}");
        return new SubscribeResult(progress.Status, progress.Attempt, progress.WaitSeconds, states);
    }

    /// <summary>One asset's subscription, moved one step further: requested, accepted, granted.</summary>
    private async Task<SubscriptionState> AdvanceAsync(SubscribeInput input, CatalogAsset asset,
        CatalogListing listing, SubscriptionState? before, CancellationToken cancellationToken)
    {
        var region = input.Project.Region;
        var domainId = input.Project.DomainId;
        var listingId = listing.ListingId;
        var name = listing.Name ?? listingId;

        var subscriptionId = before?.SubscriptionId ?? await catalog.FindApprovedSubscriptionAsync(region, domainId, listingId, input.Project.ProjectId, null, cancellationToken).ConfigureAwait(false);
        string? requestId = before?.RequestId;
        if (subscriptionId is null)
        {
            if (requestId is null)
            {
                requestId = await catalog.FindPendingRequestAsync(region, domainId, listingId, input.Project.ProjectId, cancellationToken).ConfigureAwait(false);
                if (requestId is null)
                {
                    // A retry of this attempt gets the request it already made.
                    requestId = await catalog.RequestSubscriptionAsync(region, new SubscriptionRequestCreation(domainId, input.Project.ProjectId, listingId,
                        asset.RequestReason, IdempotencyTokens.For(input.Run.RunId, input.Target.Name, listingId)), cancellationToken).ConfigureAwait(false);
                }
            }

            var request = await catalog.GetRequestAsync(region, domainId, requestId, cancellationToken).ConfigureAwait(false);
            switch (request.State)
            {
                case SubscriptionRequestState.Rejected:
                    throw new PipelineFailure(PipelineErrors.SubscriptionRejected,
                        $"The owner of '{name}' rejected the subscription request of project '{input.Project.Name}'" +
                        (string.IsNullOrWhiteSpace(request.DecisionComment) ? "." : $": {request.DecisionComment}"));
                case SubscriptionRequestState.Accepted:
                    subscriptionId = request.ExistingSubscriptionId
                                     ?? await catalog.FindApprovedSubscriptionAsync(region, domainId, listingId, input.Project.ProjectId, requestId, cancellationToken).ConfigureAwait(false);
                    if (subscriptionId is null) return new SubscriptionState(listingId, name, requestId, null, "ACCEPTED");
                    break;
                default:
                    return new SubscriptionState(listingId, name, requestId, null, request.StatusName);
            }
        }

        var grants = await catalog.ListGrantsAsync(region, domainId, subscriptionId, cancellationToken).ConfigureAwait(false);
        if (grants.FirstOrDefault(g => g.State == GrantState.Failed) is { } failed)
        {
            var causes = string.Join("; ", failed.FailureCauses);
            throw new PipelineFailure(PipelineErrors.GrantFailed,
                $"Granting '{name}' to project '{input.Project.Name}' failed ({failed.StatusName})" + (causes.Length > 0 ? $": {causes}" : "."));
        }
        var status = grants.Count > 0 && grants.All(g => g.State == GrantState.Completed) ? "COMPLETED" : "GRANTING";
        return new SubscriptionState(listingId, name, requestId, subscriptionId, status);
    }

    private async Task<CatalogListing> FindListingAsync(string region, string domainId, AssetSelector selector, CancellationToken cancellationToken)
    {
        var (searchText, describe, matches) = selector switch
        {
            SearchAssetSelector search => (search.Identifier, $"{search.AssetType} '{search.Identifier}'",
                (Func<CatalogListing, bool>)(item => NameMatches(item.Name, search.Identifier) && TypeMatches(item.EntityType, search.AssetType))),
            AssetIdSelector byId => (byId.AssetId, $"asset {byId.AssetId}", item => item.EntityId == byId.AssetId),
            _ => throw new InvalidOperationException("unknown asset selector"),
        };

        var found = (await catalog.SearchListingsAsync(region, domainId, searchText, cancellationToken).ConfigureAwait(false)).Where(matches).ToList();
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
}
