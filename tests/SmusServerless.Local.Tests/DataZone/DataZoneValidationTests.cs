using SmusServerless.Local.DataZone;

namespace SmusServerless.Local.Tests.DataZone;

public sealed class DataZoneValidationTests
{
    private readonly DataZoneSimulator _simulator = new SimulatorFixture().Create();
    private const string D = SimulatorFixture.DomainId;

    [Fact]
    public async Task Rejects_a_missing_required_member_naming_it()
    {
        var error = await _simulator.Fails("CreateProject", $$"""{"domainIdentifier":"{{D}}"}""");
        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("Value null at 'name' failed to satisfy constraint: Member must not be null", error.Message);
    }

    [Fact]
    public async Task Rejects_an_identifier_that_breaks_the_model_pattern()
    {
        var error = await _simulator.Fails("GetDomain", """{"identifier":"not-a-domain"}""");
        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("at 'identifier'", error.Message);
        Assert.Contains("regular expression pattern", error.Message);
    }

    [Fact]
    public async Task Treats_backslash_w_as_ascii_like_java()
    {
        var error = await _simulator.Fails("CreateProject", $$"""{"domainIdentifier":"{{D}}","name":"café"}""");
        Assert.Contains("at 'name'", error.Message);
    }

    [Fact]
    public async Task Does_not_echo_sensitive_values()
    {
        var error = await _simulator.Fails("CreateProject", $$"""{"domainIdentifier":"{{D}}","name":"secret!name"}""");
        Assert.DoesNotContain("secret!name", error.Message);
    }

    [Fact]
    public async Task Rejects_a_value_outside_the_enum()
    {
        var project = await _simulator.ProjectId("producer");
        var error = await _simulator.Fails("CreateProjectMembership",
            $$"""{"domainIdentifier":"{{D}}","projectIdentifier":"{{project}}","member":{"userIdentifier":"alice"},"designation":"BOSS"}""");
        Assert.Contains("Member must satisfy enum value set", error.Message);
        Assert.Contains("at 'designation'", error.Message);
    }

    [Fact]
    public async Task Rejects_a_union_with_two_members_set()
    {
        var project = await _simulator.ProjectId("producer");
        var error = await _simulator.Fails("CreateProjectMembership",
            $$"""{"domainIdentifier":"{{D}}","projectIdentifier":"{{project}}","member":{"userIdentifier":"alice","groupIdentifier":"g"},"designation":"PROJECT_CONTRIBUTOR"}""");
        Assert.Contains("at 'member'", error.Message);
        Assert.Contains("exactly one", error.Message);
    }

    [Fact]
    public async Task Rejects_a_list_longer_than_the_model_allows()
    {
        var error = await _simulator.Fails("CreateSubscriptionRequest", $$$"""
            {"domainIdentifier":"{{{D}}}","requestReason":"r","subscribedListings":[{"identifier":"listingauto01"}],
             "subscribedPrincipals":[{"project":{"identifier":"a"}},{"project":{"identifier":"b"}}]}
            """);
        Assert.Contains("at 'subscribedPrincipals'", error.Message);
        Assert.Contains("length less than or equal to 1", error.Message);
    }

    [Fact]
    public async Task Rejects_a_wrong_json_type()
    {
        var error = await _simulator.Fails("ListProjects", $$"""{"domainIdentifier":"{{D}}","maxResults":"ten"}""");
        Assert.Contains("at 'maxResults'", error.Message);
        Assert.Contains("integer", error.Message);
    }

    [Fact]
    public async Task Rejects_max_results_above_the_model_maximum()
    {
        var error = await _simulator.Fails("ListDomains", """{"maxResults":26}""");
        Assert.Contains("Member must have value less than or equal to 25", error.Message);
    }

    [Fact]
    public async Task Unknown_domain_is_not_found_where_the_operation_models_it()
    {
        var error = await _simulator.Fails("GetProject", """{"domainIdentifier":"dzd_missing00","identifier":"abc"}""");
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
    }

    [Fact]
    public async Task Unknown_domain_is_access_denied_for_lists_that_do_not_model_not_found()
    {
        var error = await _simulator.Fails("ListProjects", """{"domainIdentifier":"dzd_missing00"}""");
        Assert.Equal("AccessDeniedException", error.ErrorCode);
    }

    [Fact]
    public async Task Unknown_project_is_not_found()
    {
        var error = await _simulator.Fails("GetProject", $$"""{"domainIdentifier":"{{D}}","identifier":"nosuchproject"}""");
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Contains("nosuchproject", error.Message);
    }
}
