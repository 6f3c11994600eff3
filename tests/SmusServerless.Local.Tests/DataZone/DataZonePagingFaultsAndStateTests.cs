using SmusServerless.Local.DataZone;

namespace SmusServerless.Local.Tests.DataZone;

public sealed class DataZonePagingFaultsAndStateTests : IDisposable
{
    private readonly SimulatorFixture _fixture = new();
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "dz-state-" + Guid.NewGuid().ToString("N"));
    private const string D = SimulatorFixture.DomainId;

    public void Dispose()
    {
        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Lists_page_with_opaque_tokens_until_the_last_page()
    {
        var simulator = _fixture.Create();
        for (var i = 0; i < 4; i++)
        {
            await simulator.Call("CreateProject", $$"""{"domainIdentifier":"{{D}}","name":"p{{i}}"}""");
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var tokenPart = token is null ? "" : $$""","nextToken":"{{token}}" """;
            var page = await simulator.Call("ListProjects", $$"""{"domainIdentifier":"{{D}}","maxResults":2{{tokenPart}}}""");
            names.AddRange(page["items"]!.AsArray().Select(p => (string)p!["name"]!));
            token = (string?)page["nextToken"];
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(5, names.Distinct().Count());
    }

    [Fact]
    public async Task A_token_from_another_query_is_rejected()
    {
        var simulator = _fixture.Create();
        await simulator.Call("CreateProject", $$"""{"domainIdentifier":"{{D}}","name":"p1"}""");
        var page = await simulator.Call("ListProjects", $$"""{"domainIdentifier":"{{D}}","maxResults":1}""");
        var error = await simulator.Fails("ListEnvironments",
            $$"""{"domainIdentifier":"{{D}}","projectIdentifier":"abc","nextToken":"{{page["nextToken"]}}"}""");
        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("nextToken", error.Message);
    }

    [Fact]
    public async Task Fail_next_fails_an_operation_the_given_number_of_times()
    {
        var simulator = _fixture.Create();
        simulator.Faults.FailNext("GetDomain", 2, "ThrottlingException");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("ThrottlingException", (await simulator.Fails("GetDomain", $$"""{"identifier":"{{D}}"}""")).ErrorCode);
        }

        Assert.Equal("AVAILABLE", (string?)(await simulator.Call("GetDomain", $$"""{"identifier":"{{D}}"}"""))["status"]);
    }

    [Fact]
    public async Task A_throttling_ratio_of_one_throttles_every_call()
    {
        var simulator = _fixture.Create(new DataZoneSimulatorOptions { Faults = new FaultInjectionOptions { ThrottlingRatio = 1 } });
        var response = await simulator.HandleAsync(Http.Get($"/v2/domains/{D}"));
        Assert.Equal(429, response.StatusCode);
        Assert.Equal("ThrottlingException", response.Headers["x-amzn-ErrorType"]);
    }

    [Fact]
    public async Task Server_error_faults_repeat_for_the_same_seed()
    {
        async Task<string> Pattern()
        {
            var simulator = new SimulatorFixture().Create(new DataZoneSimulatorOptions { Faults = new FaultInjectionOptions { ServerErrorRatio = 0.5, Seed = 42 } });
            var outcomes = new List<int>();
            for (var i = 0; i < 12; i++)
            {
                outcomes.Add((await simulator.HandleAsync(Http.Get($"/v2/domains/{D}"))).StatusCode);
            }

            return string.Join(',', outcomes);
        }

        var first = await Pattern();
        Assert.Equal(first, await Pattern());
        Assert.Contains("500", first);
        Assert.Contains("200", first);
    }

    [Fact]
    public async Task State_survives_a_new_simulator_on_the_same_directory()
    {
        var first = _fixture.Create(stateDirectory: _stateDirectory);
        var created = await first.Call("CreateProject", $$"""{"domainIdentifier":"{{D}}","name":"persisted"}""");

        var second = _fixture.Create(stateDirectory: _stateDirectory);
        var fetched = await second.Call("GetProject", $$"""{"domainIdentifier":"{{D}}","identifier":"{{created["id"]}}"}""");
        Assert.Equal("persisted", (string?)fetched["name"]);
        Assert.True(File.Exists(Path.Combine(_stateDirectory, "datazone.json")));
    }

    [Fact]
    public async Task Seeding_twice_changes_nothing()
    {
        var simulator = _fixture.Create(stateDirectory: _stateDirectory);
        await simulator.SeedAsync(DataZoneSeed.Parse(SimulatorFixture.SeedJson));
        var domains = await simulator.Call("ListDomains", "{}");
        Assert.Single(domains["items"]!.AsArray());
    }

    [Fact]
    public void A_seed_naming_an_unknown_blueprint_is_refused_clearly()
    {
        var seed = DataZoneSeed.Parse("""{"domains":[{"name":"d","projectProfiles":[{"name":"p","environmentConfigurations":[{"name":"x","blueprint":"Nope"}]}]}]}""");
        var simulator = new DataZoneSimulator(new DataZoneSimulatorOptions());
        var error = Assert.Throws<InvalidDataException>(() => simulator.SeedAsync(seed).GetAwaiter().GetResult());
        Assert.Contains("blueprint 'Nope'", error.Message);
    }
}

public sealed class DataZoneSharedStateTests : IDisposable
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "dz-shared-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Two_simulators_on_one_directory_lose_no_update()
    {
        var fixture = new SimulatorFixture();
        var first = fixture.Create(stateDirectory: _stateDirectory);
        var second = fixture.Create(stateDirectory: _stateDirectory);
        var creates = Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? first : second)
            .Call("CreateProject", $$"""{"domainIdentifier":"{{SimulatorFixture.DomainId}}","name":"shared-{{i}}"}"""));
        await Task.WhenAll(creates);
        var listed = await first.Call("ListProjects", $$"""{"domainIdentifier":"{{SimulatorFixture.DomainId}}","maxResults":50}""");
        Assert.Equal(11, listed["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Another_process_can_decide_a_subscription_request_through_the_state_directory()
    {
        var fixture = new SimulatorFixture();
        var serving = fixture.Create(stateDirectory: _stateDirectory);
        var consumer = await serving.Call("CreateProject", $$"""{"domainIdentifier":"{{SimulatorFixture.DomainId}}","name":"consumer"}""");
        var request = await serving.Call("CreateSubscriptionRequest", $$$"""
            {"domainIdentifier":"{{{SimulatorFixture.DomainId}}}","requestReason":"r","subscribedListings":[{"identifier":"listingmanual1"}],
             "subscribedPrincipals":[{"project":{"identifier":"{{{consumer["id"]}}}"}}]}
            """);

        var command = fixture.Create(new DataZoneSimulatorOptions { Faults = new FaultInjectionOptions { ServerErrorRatio = 1 } }, _stateDirectory);
        await command.DecideSubscriptionRequestAsync(SimulatorFixture.DomainId, (string)request["id"]!, SubscriptionDecision.Reject, "not now");

        var details = await serving.Call("GetSubscriptionRequestDetails", $$"""{"domainIdentifier":"{{SimulatorFixture.DomainId}}","identifier":"{{request["id"]}}"}""");
        Assert.Equal("REJECTED", (string?)details["status"]);
    }
}
