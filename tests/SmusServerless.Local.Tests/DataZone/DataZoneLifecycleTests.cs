using System.Text.Json.Nodes;
using SmusServerless.Local.DataZone;

namespace SmusServerless.Local.Tests.DataZone;

public sealed class DataZoneLifecycleTests
{
    private readonly SimulatorFixture _fixture = new();
    private readonly DataZoneSimulator _simulator;
    private const string D = SimulatorFixture.DomainId;

    public DataZoneLifecycleTests() => _simulator = _fixture.Create();

    [Fact]
    public async Task A_new_domain_is_creating_until_the_clock_passes_its_creation_time()
    {
        var created = await _simulator.Call("CreateDomain", """
            {"name":"fresh","domainVersion":"V2","domainExecutionRole":"arn:aws:iam::123456789012:role/exec","serviceRole":"arn:aws:iam::123456789012:role/svc"}
            """);
        var id = (string)created["id"]!;
        Assert.Equal("CREATING", (string?)created["status"]);
        _fixture.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("CREATING", (string?)(await _simulator.Call("GetDomain", $$"""{"identifier":"{{id}}"}"""))["status"]);
        _fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("AVAILABLE", (string?)(await _simulator.Call("GetDomain", $$"""{"identifier":"{{id}}"}"""))["status"]);
    }

    [Fact]
    public async Task A_v2_domain_needs_a_service_role()
    {
        var error = await _simulator.Fails("CreateDomain", """{"name":"x","domainVersion":"V2","domainExecutionRole":"arn:aws:iam::123456789012:role/exec"}""");
        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("serviceRole", error.Message);
    }

    [Fact]
    public async Task A_project_deploys_its_on_create_environments_in_order_then_is_successful()
    {
        var profile = await _simulator.ProfileId();
        var project = await _simulator.Call("CreateProject", $$"""{"domainIdentifier":"{{D}}","name":"consumer","projectProfileId":"{{profile}}"}""");
        var projectId = (string)project["id"]!;
        Assert.Equal("ACTIVE", (string?)project["projectStatus"]);
        Assert.Equal("IN_PROGRESS", (string?)project["environmentDeploymentDetails"]!["overallDeploymentStatus"]);

        var environments = await _simulator.Call("ListEnvironments", $$"""{"domainIdentifier":"{{D}}","projectIdentifier":"{{projectId}}"}""");
        Assert.Equal(2, environments["items"]!.AsArray().Count);
        Assert.All(environments["items"]!.AsArray(), e => Assert.Equal("CREATING", (string?)e!["status"]));

        _fixture.Clock.Advance(TimeSpan.FromSeconds(90));
        var afterFirstWave = await _simulator.Call("ListEnvironments", $$"""{"domainIdentifier":"{{D}}","projectIdentifier":"{{projectId}}","status":"ACTIVE"}""");
        Assert.Equal("Tooling", (string?)afterFirstWave["items"]![0]!["name"]);
        Assert.Single(afterFirstWave["items"]!.AsArray());

        _fixture.Clock.Advance(TimeSpan.FromSeconds(90));
        var done = await _simulator.Call("GetProject", $$"""{"domainIdentifier":"{{D}}","identifier":"{{projectId}}"}""");
        Assert.Equal("SUCCESSFUL", (string?)done["environmentDeploymentDetails"]!["overallDeploymentStatus"]);
    }

    [Fact]
    public async Task An_active_project_has_a_shared_s3_connection()
    {
        var profile = await _simulator.ProfileId();
        var projectId = (string)(await _simulator.Call("CreateProject", $$"""{"domainIdentifier":"{{D}}","name":"withs3","projectProfileId":"{{profile}}"}"""))["id"]!;
        _fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        var connections = await _simulator.Call("ListConnections", $$"""{"domainIdentifier":"{{D}}","projectIdentifier":"{{projectId}}","type":"S3"}""");
        var connection = connections["items"]![0]!;
        Assert.Equal("default.s3_shared", (string?)connection["name"]);
        Assert.StartsWith("s3://", (string?)connection["props"]!["s3Properties"]!["s3Uri"]);
        Assert.Equal("123456789012", (string?)connection["physicalEndpoints"]![0]!["awsLocation"]!["awsAccountId"]);
    }

    [Fact]
    public async Task A_failing_environment_fails_the_project_deployment()
    {
        var simulator = _fixture.Create(new DataZoneSimulatorOptions { FailingEnvironmentNames = new HashSet<string> { "Lakehouse Database" } });
        var profile = await simulator.ProfileId();
        var projectId = (string)(await simulator.Call("CreateProject", $$"""{"domainIdentifier":"{{D}}","name":"doomed","projectProfileId":"{{profile}}"}"""))["id"]!;
        _fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        var project = await simulator.Call("GetProject", $$"""{"domainIdentifier":"{{D}}","identifier":"{{projectId}}"}""");
        Assert.Equal("FAILED_DEPLOYMENT", (string?)project["environmentDeploymentDetails"]!["overallDeploymentStatus"]);
    }

    [Fact]
    public async Task A_duplicate_project_name_is_a_conflict()
    {
        var error = await _simulator.Fails("CreateProject", $$"""{"domainIdentifier":"{{D}}","name":"producer"}""");
        Assert.Equal("ConflictException", error.ErrorCode);
        Assert.Contains("producer", error.Message);
    }

    [Fact]
    public async Task A_retried_create_with_the_same_client_token_returns_the_same_project()
    {
        const string input = $$"""{"domainIdentifier":"{{D}}","name":"idem","clientToken":"token-1"}""";
        var first = await _simulator.Call("CreateProject", input);
        var second = await _simulator.Call("CreateProject", input);
        Assert.Equal((string?)first["id"], (string?)second["id"]);
    }

    [Fact]
    public async Task User_parameters_must_name_a_configuration_of_the_profile()
    {
        var profile = await _simulator.ProfileId();
        var error = await _simulator.Fails("CreateProject",
            $$"""{"domainIdentifier":"{{D}}","name":"p2","projectProfileId":"{{profile}}","userParameters":[{"environmentConfigurationName":"Nope"}]}""");
        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("Nope", error.Message);
    }

    [Fact]
    public async Task CreateEnvironment_from_an_on_demand_configuration_goes_active()
    {
        var projectId = await _simulator.ProjectId("producer");
        var environment = await _simulator.Call("CreateEnvironment",
            $$"""{"domainIdentifier":"{{D}}","projectIdentifier":"{{projectId}}","name":"redshift","environmentConfigurationName":"OnDemand Redshift"}""");
        Assert.Equal("CREATING", (string?)environment["status"]);
        _fixture.Clock.Advance(TimeSpan.FromSeconds(90));
        var active = await _simulator.Call("GetEnvironment", $$"""{"domainIdentifier":"{{D}}","identifier":"{{environment["id"]}}"}""");
        Assert.Equal("ACTIVE", (string?)active["status"]);
        Assert.Equal("SUCCESSFUL", (string?)active["lastDeployment"]!["deploymentStatus"]);
    }

    [Fact]
    public async Task Memberships_are_added_listed_and_not_duplicated()
    {
        var projectId = await _simulator.ProjectId("producer");
        await _simulator.Call("CreateProjectMembership",
            $$"""{"domainIdentifier":"{{D}}","projectIdentifier":"{{projectId}}","member":{"userIdentifier":"arn:aws:iam::123456789012:role/ci-deployer"},"designation":"PROJECT_CONTRIBUTOR"}""");
        var members = await _simulator.Call("ListProjectMemberships", $$"""{"domainIdentifier":"{{D}}","projectIdentifier":"{{projectId}}"}""");
        Assert.Equal(3, members["members"]!.AsArray().Count);
        Assert.Contains(members["members"]!.AsArray(), m => (string?)m!["designation"] == "PROJECT_CONTRIBUTOR");
        var again = await _simulator.Fails("CreateProjectMembership",
            $$"""{"domainIdentifier":"{{D}}","projectIdentifier":"{{projectId}}","member":{"userIdentifier":"arn:aws:iam::123456789012:role/ci-deployer"},"designation":"PROJECT_OWNER"}""");
        Assert.Equal("ConflictException", again.ErrorCode);
    }

    [Fact]
    public async Task Membership_of_an_unknown_user_is_not_found()
    {
        var projectId = await _simulator.ProjectId("producer");
        var error = await _simulator.Fails("CreateProjectMembership",
            $$"""{"domainIdentifier":"{{D}}","projectIdentifier":"{{projectId}}","member":{"userIdentifier":"mallory"},"designation":"PROJECT_OWNER"}""");
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
    }

    [Fact]
    public async Task User_profiles_are_found_by_type_text_and_name()
    {
        var iam = await _simulator.Call("SearchUserProfiles", $$"""{"domainIdentifier":"{{D}}","userType":"DATAZONE_IAM_USER","searchText":"ci-deployer"}""");
        Assert.Single(iam["items"]!.AsArray());
        var alice = await _simulator.Call("GetUserProfile", $$"""{"domainIdentifier":"{{D}}","userIdentifier":"alice"}""");
        Assert.Equal("SSO", (string?)alice["type"]);
        Assert.Equal("alice", (string?)alice["details"]!["sso"]!["username"]);
    }

    [Fact]
    public async Task An_s3_connection_is_created_for_an_environment()
    {
        var projectId = await _simulator.ProjectId("producer");
        var environments = await _simulator.Call("ListEnvironments", $$"""{"domainIdentifier":"{{D}}","projectIdentifier":"{{projectId}}","name":"Tooling"}""");
        var environmentId = (string)environments["items"]![0]!["id"]!;
        var created = await _simulator.Call("CreateConnection",
            $$$$"""{"domainIdentifier":"{{{{D}}}}","name":"extra.s3","environmentIdentifier":"{{{{environmentId}}}}","props":{"s3Properties":{"s3Uri":"s3://bucket/prefix/"}}}""");
        Assert.Equal("S3", (string?)created["type"]);
        var fetched = await _simulator.Call("GetConnection", $$"""{"domainIdentifier":"{{D}}","identifier":"{{created["connectionId"]}}"}""");
        Assert.Equal("s3://bucket/prefix/", (string?)fetched["props"]!["s3Properties"]!["s3Uri"]);
        Assert.Equal(projectId, (string?)fetched["projectId"]);
    }

    [Fact]
    public async Task Blueprints_and_their_configurations_are_listed()
    {
        var blueprints = await _simulator.Call("ListEnvironmentBlueprints", $$"""{"domainIdentifier":"{{D}}","managed":true,"name":"Tooling"}""");
        Assert.Single(blueprints["items"]!.AsArray());
        var configurations = await _simulator.Call("ListEnvironmentBlueprintConfigurations", $$"""{"domainIdentifier":"{{D}}"}""");
        Assert.NotEmpty(configurations["items"]!.AsArray());
        var profiles = await _simulator.Call("ListEnvironmentProfiles", $$"""{"domainIdentifier":"{{D}}"}""");
        Assert.Empty(profiles["items"]!.AsArray());
    }

    [Fact]
    public async Task Project_profiles_are_created_and_fetched()
    {
        var blueprints = await _simulator.Call("ListEnvironmentBlueprints", $$"""{"domainIdentifier":"{{D}}","name":"Tooling"}""");
        var created = await _simulator.Call("CreateProjectProfile", $$"""
            {"domainIdentifier":"{{D}}","name":"Minimal","environmentConfigurations":[{"name":"Tooling","environmentBlueprintId":"{{blueprints["items"]![0]!["id"]}}"}]}
            """);
        var fetched = await _simulator.Call("GetProjectProfile", $$"""{"domainIdentifier":"{{D}}","identifier":"{{created["id"]}}"}""");
        Assert.Equal("ENABLED", (string?)fetched["status"]);
        Assert.Equal("ON_CREATE", (string?)fetched["environmentConfigurations"]![0]!["deploymentMode"]);
    }

    [Fact]
    public async Task Timestamps_follow_each_shape_format()
    {
        var projectId = await _simulator.ProjectId("producer");
        var project = await _simulator.Call("GetProject", $$"""{"domainIdentifier":"{{D}}","identifier":"{{projectId}}"}""");
        Assert.Equal(System.Text.Json.JsonValueKind.String, project["createdAt"]!.GetValueKind());
        var listings = await _simulator.Call("SearchListings", $$"""{"domainIdentifier":"{{D}}"}""");
        Assert.Equal(System.Text.Json.JsonValueKind.Number, listings["items"]![0]!["assetListing"]!["createdAt"]!.GetValueKind());
    }

    [Fact]
    public async Task Internal_bookkeeping_never_reaches_a_response()
    {
        var projectId = await _simulator.ProjectId("producer");
        var project = await _simulator.Call("GetProject", $$"""{"domainIdentifier":"{{D}}","identifier":"{{projectId}}"}""");
        Assert.DoesNotContain("_sim", project.ToJsonString());
    }
}
