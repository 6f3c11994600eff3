using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Ports;
using SmusServerless.Application.Tests.Fakes;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Tests.Pipeline;

public sealed class SubscribeStepTests
{
    private readonly PipelineWorld _world = new();

    private async Task<SubscribeResult> SubscribeAsync(string? manifest = null)
    {
        var bundle = await _world.PublishBundleAsync("1.0.0", manifest ?? Samples.WithAsset(Samples.Manifest()), Samples.Files);
        return await _world.Subscribe().RunAsync(new SubscribeInput(Samples.Run(bundle), Samples.Target(), Samples.Project(), 0, null), CancellationToken.None);
    }

    [Fact]
    public async Task Without_assets_there_is_nothing_to_wait_for()
    {
        var result = await SubscribeAsync(Samples.Manifest());

        Assert.Equal((StepProgress.ReadyStatus, 0), (result.Status, result.Subscriptions.Count));
    }

    [Fact]
    public async Task An_asset_no_listing_matches_fails()
    {
        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => SubscribeAsync());

        Assert.Equal(PipelineErrors.AssetNotFound, failure.Error);
    }

    [Fact]
    public async Task A_new_request_is_made_once_and_waited_for()
    {
        _world.Subscriptions.Listings.Add(new CatalogListing("lst_1", "orders", "asset_1", "GlueTable"));

        var result = await SubscribeAsync();

        Assert.Equal((StepProgress.WaitStatus, "PENDING"), (result.Status, Assert.Single(result.Subscriptions).Status));
        Assert.Single(_world.Subscriptions.Created);
    }

    [Fact]
    public async Task A_rejected_request_ends_the_run_with_the_owners_reason()
    {
        _world.Subscriptions.Listings.Add(new CatalogListing("lst_1", "orders", "asset_1", "GlueTable"));
        _world.Subscriptions.NewRequestState = new SubscriptionRequestStatus(SubscriptionRequestState.Rejected, "REJECTED", "not for you", null);

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => SubscribeAsync());

        Assert.Equal(PipelineErrors.SubscriptionRejected, failure.Error);
        Assert.EndsWith(": not for you", failure.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_grant_fails_with_its_causes()
    {
        _world.Subscriptions.Listings.Add(new CatalogListing("lst_1", "orders", "asset_1", "GlueTable"));
        _world.Subscriptions.Approved["lst_1"] = "sub_1";
        _world.Subscriptions.Grants["sub_1"] = [new SubscriptionGrant("g1", GrantState.Failed, "GRANT_FAILED", ["no lake formation rights"])];

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => SubscribeAsync());

        Assert.Equal(PipelineErrors.GrantFailed, failure.Error);
        Assert.Contains("(GRANT_FAILED): no lake formation rights", failure.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_completed_grant_is_ready()
    {
        _world.Subscriptions.Listings.Add(new CatalogListing("lst_1", "orders", "asset_1", "GlueTable"));
        _world.Subscriptions.Approved["lst_1"] = "sub_1";
        _world.Subscriptions.Grants["sub_1"] = [new SubscriptionGrant("g1", GrantState.Completed, "COMPLETED", [])];

        var result = await SubscribeAsync();

        Assert.Equal((StepProgress.ReadyStatus, "COMPLETED"), (result.Status, Assert.Single(result.Subscriptions).Status));
    }
}
