using System.Text.Json.Nodes;
using SmusServerless.Local.DataZone;

namespace SmusServerless.Local.Tests.DataZone;

public sealed class DataZoneRestJsonTests
{
    private readonly DataZoneSimulator _simulator = new SimulatorFixture().Create();
    private const string D = SimulatorFixture.DomainId;

    [Fact]
    public async Task Create_answers_with_the_modelled_success_code()
    {
        var response = await _simulator.HandleAsync(Http.Request("POST", $"/v2/domains/{D}/projects", """{"name":"over-http"}"""));
        Assert.Equal(201, response.StatusCode);
        Assert.Equal("over-http", (string?)JsonNode.Parse(response.Body)!["name"]);
    }

    [Fact]
    public async Task Query_members_are_bound_and_checked()
    {
        var response = await _simulator.HandleAsync(Http.Get($"/v2/domains/{D}/projects?maxResults=51"));
        Assert.Equal(400, response.StatusCode);
        Assert.Equal("ValidationException", response.Headers["x-amzn-ErrorType"]);
        Assert.Contains("maxResults", (string?)JsonNode.Parse(response.Body)!["message"]);
    }

    [Fact]
    public async Task A_non_numeric_query_value_is_a_validation_error()
    {
        var response = await _simulator.HandleAsync(Http.Get($"/v2/domains/{D}/projects?maxResults=many"));
        Assert.Equal(400, response.StatusCode);
    }

    [Fact]
    public async Task Not_found_is_404_with_the_error_type_header()
    {
        var response = await _simulator.HandleAsync(Http.Get("/v2/domains/dzd_nothere1"));
        Assert.Equal(404, response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers["x-amzn-ErrorType"]);
        Assert.NotNull((string?)JsonNode.Parse(response.Body)!["message"]);
    }

    [Fact]
    public async Task The_literal_route_wins_over_a_label()
    {
        var response = await _simulator.HandleAsync(Http.Request("POST", $"/v2/domains/{D}/listings/search", "{}"));
        Assert.Equal(200, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(response.Body)!["items"]);
    }

    [Fact]
    public async Task A_path_without_an_operation_is_unknown()
    {
        var response = await _simulator.HandleAsync(Http.Get("/v2/nothing-here"));
        Assert.Equal(404, response.StatusCode);
        Assert.Equal("UnknownOperationException", response.Headers["x-amzn-ErrorType"]);
    }

    [Fact]
    public async Task A_malformed_body_is_a_validation_error()
    {
        var response = await _simulator.HandleAsync(Http.Request("POST", $"/v2/domains/{D}/projects", "{not json"));
        Assert.Equal(400, response.StatusCode);
    }
}
