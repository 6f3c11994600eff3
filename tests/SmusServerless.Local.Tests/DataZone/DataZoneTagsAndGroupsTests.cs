using System.Text.Json.Nodes;
using SmusServerless.Local.DataZone;

namespace SmusServerless.Local.Tests.DataZone;

/// <summary>Domain tags (ListTagsForResource) and IAM role group profiles (SearchGroupProfiles), both settable in the seed.</summary>
public sealed class DataZoneTagsAndGroupsTests
{
    private const string Seed = """
        {"domains":[
          {"name":"studio-dev","id":"dzd_tagged01","tags":{"purpose":"smus-cicd","STAGE":"DEV"},
           "groups":[{"roleArn":"arn:aws:iam::123456789012:role/team/data-admins"}]},
          {"name":"plain","id":"dzd_plain001"}
        ]}
        """;

    private static async Task<DataZoneSimulator> SeededAsync()
    {
        var simulator = new DataZoneSimulator(new DataZoneSimulatorOptions());
        await simulator.SeedAsync(DataZoneSeed.Parse(Seed));
        return simulator;
    }

    private static async Task<string> ArnOf(DataZoneSimulator simulator, string domainId) =>
        (string)(await simulator.Call("GetDomain", $$"""{"identifier":"{{domainId}}"}"""))["arn"]!;

    [Fact]
    public async Task A_seeded_domains_tags_are_listed_by_its_arn()
    {
        var simulator = await SeededAsync();

        var tags = await simulator.Call("ListTagsForResource", $$"""{"resourceArn":"{{await ArnOf(simulator, "dzd_tagged01")}}"}""");

        Assert.Equal("""{"purpose":"smus-cicd","STAGE":"DEV"}""", tags["tags"]!.ToJsonString());
    }

    [Fact]
    public async Task A_domain_without_tags_has_an_empty_tag_map()
    {
        var simulator = await SeededAsync();

        var tags = await simulator.Call("ListTagsForResource", $$"""{"resourceArn":"{{await ArnOf(simulator, "dzd_plain001")}}"}""");

        Assert.Equal("{}", tags["tags"]!.ToJsonString());
    }

    [Fact]
    public async Task Tags_given_to_CreateDomain_are_listed()
    {
        var simulator = await SeededAsync();
        var created = await simulator.Call("CreateDomain",
            """{"name":"made","domainExecutionRole":"arn:aws:iam::123456789012:role/x","tags":{"team":"a"}}""");

        var tags = await simulator.Call("ListTagsForResource", $$"""{"resourceArn":"{{(string)created["arn"]!}}"}""");

        Assert.Equal("a", (string?)tags["tags"]!["team"]);
    }

    [Fact]
    public async Task An_unknown_arn_is_not_found()
    {
        var simulator = await SeededAsync();

        var error = await simulator.Fails("ListTagsForResource", """{"resourceArn":"arn:aws:datazone:us-east-1:123456789012:domain/dzd_none"}""");

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
    }

    [Fact]
    public async Task The_arn_travels_percent_encoded_in_the_path_over_http()
    {
        var simulator = await SeededAsync();
        var arn = await ArnOf(simulator, "dzd_tagged01");

        var response = await simulator.HandleAsync(Http.Get("/tags/" + Uri.EscapeDataString(arn)));

        Assert.Equal(200, response.StatusCode);
        Assert.Contains("\"STAGE\":\"DEV\"", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_seeded_role_group_is_found_by_its_role_arn_and_can_join_a_project()
    {
        var simulator = await SeededAsync();
        var found = await simulator.Call("SearchGroupProfiles", """{"domainIdentifier":"dzd_tagged01","groupType":"IAM_ROLE_SESSION_GROUP","searchText":"data-admins"}""");
        var group = Assert.Single(found["items"]!.AsArray())!;
        Assert.Equal(("arn:aws:iam::123456789012:role/team/data-admins", "data-admins"), ((string?)group["rolePrincipalArn"], (string?)group["groupName"]));

        var project = await simulator.Call("CreateProject", """{"domainIdentifier":"dzd_tagged01","name":"p1"}""");
        await simulator.Call("CreateProjectMembership", $$"""
            {"domainIdentifier":"dzd_tagged01","projectIdentifier":"{{(string)project["id"]!}}","member":{"groupIdentifier":"{{(string)group["id"]!}}"},"designation":"PROJECT_CONTRIBUTOR"}
            """);
        var members = await simulator.Call("ListProjectMemberships", $$"""{"domainIdentifier":"dzd_tagged01","projectIdentifier":"{{(string)project["id"]!}}"}""");

        Assert.Contains(members["members"]!.AsArray(), m => (string?)m!["memberDetails"]!["group"]?["groupId"] == (string)group["id"]!);
    }

    [Fact]
    public async Task Identity_center_group_types_find_no_role_groups()
    {
        var simulator = await SeededAsync();

        var found = await simulator.Call("SearchGroupProfiles", """{"domainIdentifier":"dzd_tagged01","groupType":"SSO_GROUP"}""");

        Assert.Empty(found["items"]?.AsArray() ?? []);
    }
}
