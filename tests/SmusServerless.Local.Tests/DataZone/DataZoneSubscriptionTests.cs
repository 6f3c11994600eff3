using SmusServerless.Local.DataZone;

namespace SmusServerless.Local.Tests.DataZone;

public sealed class DataZoneSubscriptionTests
{
    private readonly SimulatorFixture _fixture = new();
    private readonly DataZoneSimulator _simulator;
    private const string D = SimulatorFixture.DomainId;

    public DataZoneSubscriptionTests() => _simulator = _fixture.Create();

    private async Task<string> Request(string listingId)
    {
        var consumer = await _simulator.Call("CreateProject", $$"""{"domainIdentifier":"{{D}}","name":"consumer-{{listingId}}"}""");
        var request = await _simulator.Call("CreateSubscriptionRequest", $$$"""
            {"domainIdentifier":"{{{D}}}","requestReason":"pipeline needs it","subscribedListings":[{"identifier":"{{{listingId}}}"}],
             "subscribedPrincipals":[{"project":{"identifier":"{{{consumer["id"]}}}"}}]}
            """);
        Assert.Equal("PENDING", (string?)request["status"]);
        return (string)request["id"]!;
    }

    private Task<System.Text.Json.Nodes.JsonObject> Details(string id) =>
        _simulator.Call("GetSubscriptionRequestDetails", $$"""{"domainIdentifier":"{{D}}","identifier":"{{id}}"}""");

    [Fact]
    public async Task Search_finds_a_seeded_glue_table_by_text()
    {
        var result = await _simulator.Call("SearchListings", $$"""{"domainIdentifier":"{{D}}","searchText":"countries_aggregated","additionalAttributes":["FORMS"]}""");
        Assert.Equal(1, (int?)result["totalMatchCount"]);
        var item = result["items"]![0]!["assetListing"]!;
        Assert.Equal("listingauto01", (string?)item["listingId"]);
        Assert.Contains("covid19_db", (string?)item["additionalAttributes"]!["forms"]);
    }

    [Fact]
    public async Task Search_filters_combine_with_and()
    {
        var result = await _simulator.Call("SearchListings", $$$"""
            {"domainIdentifier":"{{{D}}}","filters":{"and":[{"filter":{"attribute":"typeIdentifier","value":"amazon.datazone.GlueTableAssetType"}},
                                                          {"filter":{"attribute":"name","value":"orders","operator":"TEXT_SEARCH"}}]}}
            """);
        Assert.Equal("listingmanual1", (string?)result["items"]![0]!["assetListing"]!["listingId"]);
        Assert.Single(result["items"]!.AsArray());
    }

    [Fact]
    public async Task Inventory_search_returns_assets()
    {
        var result = await _simulator.Call("Search", $$"""{"domainIdentifier":"{{D}}","searchScope":"ASSET","searchText":"salaries"}""");
        Assert.Equal("salaries", (string?)result["items"]![0]!["assetItem"]!["name"]);
    }

    [Fact]
    public async Task A_listing_is_fetched_with_its_asset()
    {
        var listing = await _simulator.Call("GetListing", $$"""{"domainIdentifier":"{{D}}","identifier":"listingauto01"}""");
        Assert.Equal("amazon.datazone.GlueTableAssetType", (string?)listing["item"]!["assetListing"]!["assetType"]);
    }

    [Fact]
    public async Task An_auto_accepting_owner_accepts_after_the_delay_and_the_grant_completes()
    {
        var id = await Request("listingauto01");
        _fixture.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal("PENDING", (string?)(await Details(id))["status"]);
        _fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("ACCEPTED", (string?)(await Details(id))["status"]);

        var subscriptions = await _simulator.Call("ListSubscriptions", $$"""{"domainIdentifier":"{{D}}","subscriptionRequestIdentifier":"{{id}}"}""");
        var subscription = subscriptions["items"]![0]!;
        Assert.Equal("APPROVED", (string?)subscription["status"]);
        var grants = await _simulator.Call("ListSubscriptionGrants", $$"""{"domainIdentifier":"{{D}}","subscriptionId":"{{subscription["id"]}}"}""");
        var grantId = (string)grants["items"]![0]!["id"]!;
        Assert.Equal("PENDING", (string?)grants["items"]![0]!["status"]);

        _fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("IN_PROGRESS", (string?)(await _simulator.Call("GetSubscriptionGrant", $$"""{"domainIdentifier":"{{D}}","identifier":"{{grantId}}"}"""))["status"]);
        _fixture.Clock.Advance(TimeSpan.FromSeconds(20));
        var grant = await _simulator.Call("GetSubscriptionGrant", $$"""{"domainIdentifier":"{{D}}","identifier":"{{grantId}}"}""");
        Assert.Equal("COMPLETED", (string?)grant["status"]);
        Assert.Equal("GRANTED", (string?)grant["assets"]![0]!["status"]);
    }

    [Fact]
    public async Task A_manual_owner_leaves_the_request_pending_until_told()
    {
        var id = await Request("listingmanual1");
        _fixture.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal("PENDING", (string?)(await Details(id))["status"]);
        var decided = await _simulator.DecideSubscriptionRequestAsync(D, id, SubscriptionDecision.Accept, "ok for pipeline");
        Assert.Equal("ACCEPTED", (string?)decided["status"]);
        Assert.Equal("ok for pipeline", (string?)decided["decisionComment"]);
    }

    [Fact]
    public async Task A_decided_request_cannot_be_decided_again()
    {
        var id = await Request("listingmanual1");
        await _simulator.DecideSubscriptionRequestAsync(D, id, SubscriptionDecision.Reject, "no");
        var error = await Assert.ThrowsAsync<DataZoneServiceException>(() => _simulator.DecideSubscriptionRequestAsync(D, id, SubscriptionDecision.Accept));
        Assert.Equal("ConflictException", error.ErrorCode);
    }

    [Fact]
    public async Task An_auto_rejecting_owner_rejects_with_its_reason()
    {
        var id = await Request("listingreject1");
        _fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        var details = await Details(id);
        Assert.Equal("REJECTED", (string?)details["status"]);
        Assert.Equal("PII: not for this project", (string?)details["decisionComment"]);
    }

    [Fact]
    public async Task A_failing_grant_policy_ends_in_grant_failed()
    {
        var id = await Request("listinggrantx1");
        _fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        var grants = await _simulator.Call("ListSubscriptionGrants", $$"""{"domainIdentifier":"{{D}}","subscribedListingId":"listinggrantx1"}""");
        var grant = grants["items"]![0]!;
        Assert.Equal("GRANT_FAILED", (string?)grant["status"]);
        Assert.Equal("Lake Formation denied the grant", (string?)grant["assets"]![0]!["failureCause"]!["message"]);
        Assert.NotNull(id);
    }

    [Fact]
    public async Task A_second_pending_request_for_the_same_listing_is_a_conflict()
    {
        var consumer = await _simulator.Call("CreateProject", $$"""{"domainIdentifier":"{{D}}","name":"twice"}""");
        var body = $$$"""
            {"domainIdentifier":"{{{D}}}","requestReason":"r","subscribedListings":[{"identifier":"listingmanual1"}],
             "subscribedPrincipals":[{"project":{"identifier":"{{{consumer["id"]}}}"}}]}
            """;
        await _simulator.Call("CreateSubscriptionRequest", body);
        var error = await _simulator.Fails("CreateSubscriptionRequest", body);
        Assert.Equal("ConflictException", error.ErrorCode);
    }

    [Fact]
    public async Task Requests_are_listed_by_status_and_owning_project()
    {
        await Request("listingmanual1");
        var pending = await _simulator.Call("ListSubscriptionRequests", $$"""{"domainIdentifier":"{{D}}","status":"PENDING"}""");
        Assert.Single(pending["items"]!.AsArray());
        var accepted = await _simulator.Call("ListSubscriptionRequests", $$"""{"domainIdentifier":"{{D}}","status":"ACCEPTED"}""");
        Assert.Empty(accepted["items"]!.AsArray());
    }

    [Fact]
    public async Task A_subscription_is_fetched_by_id()
    {
        var id = await Request("listingauto01");
        _fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        var subscriptions = await _simulator.Call("ListSubscriptions", $$"""{"domainIdentifier":"{{D}}","status":"APPROVED"}""");
        var subscription = await _simulator.Call("GetSubscription", $$"""{"domainIdentifier":"{{D}}","identifier":"{{subscriptions["items"]![0]!["id"]}}"}""");
        Assert.Equal(id, (string?)subscription["subscriptionRequestId"]);
        Assert.Equal("listingauto01", (string?)subscription["subscribedListing"]!["id"]);
    }
}
