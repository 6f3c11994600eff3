using System.Text;
using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.Errors;
using SmusServerless.Aws.Protocols;
using SmusServerless.Aws.StepFunctions;

namespace SmusServerless.Aws.Tests.Protocols;

public sealed class ServerSideTests
{
    [Fact]
    public void An_unknown_route_matches_no_operation()
    {
        Assert.Null(AwsRequestReader.Match(DataZoneOperations.All, "GET", "/v2/domains/d/unknown", null));
        Assert.Null(AwsRequestReader.Match(StepFunctionsOperations.All, "POST", "/", "AWSStepFunctions.DeleteStateMachine"));
    }

    [Fact]
    public void The_most_specific_route_is_chosen_by_segment_count()
    {
        var list = AwsRequestReader.Match(DataZoneOperations.All, "GET", "/v2/domains/dzd_1/projects", null);
        var get = AwsRequestReader.Match(DataZoneOperations.All, "GET", "/v2/domains/dzd_1/projects/p%201", null);

        Assert.Equal("ListProjects", list!.Operation.Name);
        Assert.Equal("GetProject", get!.Operation.Name);
        Assert.Equal("p 1", get.Labels["identifier"]);
    }

    [Fact]
    public void A_request_missing_a_required_member_is_refused_with_its_name()
    {
        var match = AwsRequestReader.Match(DataZoneOperations.All, "POST", "/v2/domains/dzd_1/projects", null)!;

        var error = Assert.Throws<AwsRequestValidationException>(() => match.Operation.ReadRequest(match.Labels, [], [], "{}"u8));

        Assert.Contains("name", error.Message);
    }

    [Fact]
    public void A_query_member_that_does_not_parse_is_refused_with_its_name()
    {
        var match = AwsRequestReader.Match(DataZoneOperations.All, "GET", "/v2/domains/dzd_1/projects", null)!;

        var error = Assert.Throws<AwsRequestValidationException>(() => match.Operation.ReadRequest(match.Labels, [new("maxResults", "many")], [], []));

        Assert.Contains("maxResults", error.Message);
    }

    [Theory]
    [InlineData(AwsProtocol.RestJson1)]
    [InlineData(AwsProtocol.AwsJson1_0)]
    public void Written_errors_parse_back_to_the_same_typed_error(AwsProtocol protocol)
    {
        var (headers, body) = AwsErrorWriter.Write(protocol, "ThrottlingException", "Rate exceeded", "req-9");

        var parsed = AwsErrorParser.Parse(429, headers, body);
        var exception = AwsServiceException.From(parsed, "ListProjects");

        Assert.Equal(("ThrottlingException", "Rate exceeded", "req-9"), (parsed.Code, parsed.Message, parsed.RequestId));
        Assert.IsType<AwsThrottlingException>(exception);
        Assert.Contains("Rate exceeded", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void A_response_is_written_in_the_wire_format()
    {
        var body = DataZoneOperations.GetDomain.WriteResponse(new GetDomainOutput { Id = "dzd_1", Status = DomainStatus.Available, CreatedAt = DateTimeOffset.FromUnixTimeSeconds(1704164645) });

        Assert.Equal("""{"id":"dzd_1","status":"AVAILABLE","createdAt":1704164645}""", Encoding.UTF8.GetString(body));
    }
}
