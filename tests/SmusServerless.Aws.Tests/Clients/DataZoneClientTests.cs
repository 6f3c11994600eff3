using System.Net;
using System.Text.Json.Nodes;
using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.Errors;
using SmusServerless.Aws.Protocols;
using SmusServerless.Aws.Signing;
using SmusServerless.Aws.Tests.Support;

namespace SmusServerless.Aws.Tests.Clients;

public sealed class DataZoneClientTests
{
    private readonly ClientFixture _fixture = new();

    [Fact]
    public async Task GetProject_sends_a_signed_GET_to_the_regional_api_aws_endpoint()
    {
        _fixture.Handler.Respond(HttpStatusCode.OK, """{"domainId":"dzd_1","id":"p1","name":"analytics","createdBy":"u","projectStatus":"ACTIVE","createdAt":"2024-01-02T03:04:05.250Z"}""");
        var client = new DataZoneClient(_fixture.Options());

        var project = await client.GetProjectAsync(new GetProjectInput { DomainIdentifier = "dzd_1", Identifier = "p1" });

        var sent = Assert.Single(_fixture.Handler.Requests);
        Assert.Equal("GET", sent.Method);
        Assert.Equal("https://datazone.us-east-1.api.aws/v2/domains/dzd_1/projects/p1", sent.Uri.ToString());
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/20261127/us-east-1/datazone/aws4_request", sent.Header("Authorization"));
        Assert.Equal("20261127T093000Z", sent.Header("X-Amz-Date"));
        Assert.Empty(sent.Body);
        Assert.Equal(("analytics", ProjectStatus.Active), (project.Name, project.ProjectStatus));
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 250, TimeSpan.Zero), project.CreatedAt);
    }

    [Fact]
    public async Task A_local_service_url_receives_requests_the_verifier_accepts()
    {
        _fixture.Handler.Respond(HttpStatusCode.Created, """{"domainId":"dzd_1","id":"p9","name":"my project","createdBy":"u"}""");
        var client = new DataZoneClient(_fixture.Options(serviceUrl: new Uri("http://127.0.0.1:4599/datazone")));

        await client.CreateProjectAsync(new CreateProjectInput { DomainIdentifier = "dzd_1", Name = "my project", ProjectProfileId = "pp1" });

        var sent = Assert.Single(_fixture.Handler.Requests);
        Assert.Equal("http://127.0.0.1:4599/datazone/v2/domains/dzd_1/projects", sent.Uri.ToString());
        var headers = sent.Headers.Append(new("Host", "127.0.0.1:4599")).ToList();
        var verifier = new SigV4Verifier(
            (key, _) => ValueTask.FromResult<AwsCredentials?>(key == ClientFixture.Credentials.AccessKeyId ? ClientFixture.Credentials : null),
            _fixture.Clock, new SigV4VerifierOptions { ExpectedService = "datazone", ExpectedRegion = "us-east-1" });
        var result = await verifier.VerifyAsync(new IncomingRequest(sent.Method, sent.Uri.AbsolutePath, sent.Uri.Query, headers, SigV4Canonicalizer.HexSha256(sent.Body)));
        Assert.True(result.IsValid, result.Detail);
        Assert.Equal("application/json", sent.Header("Content-Type"));
        JsonAssert.Equivalent(JsonNode.Parse("""{"name":"my project","projectProfileId":"pp1"}"""), JsonNode.Parse(sent.Body));
    }

    [Fact]
    public async Task Path_labels_are_percent_encoded()
    {
        _fixture.Handler.Respond(HttpStatusCode.OK, """{"id":"x","status":"AVAILABLE","domainExecutionRole":"r"}""");
        var client = new DataZoneClient(_fixture.Options());

        await client.GetDomainAsync(new GetDomainInput { Identifier = "dzd a/b" });

        Assert.Equal("/v2/domains/dzd%20a%2Fb", _fixture.Handler.Requests[0].Uri.AbsolutePath);
    }

    [Fact]
    public async Task CreateDomain_fills_a_missing_client_token_once_for_every_retry()
    {
        _fixture.Handler
            .Respond(HttpStatusCode.InternalServerError, """{"message":"boom"}""", ("x-amzn-ErrorType", "InternalServerException"))
            .Respond(HttpStatusCode.Created, """{"id":"dzd_new","name":"d"}""");
        var client = new DataZoneClient(_fixture.Options());

        await client.CreateDomainAsync(new CreateDomainInput { Name = "d", DomainExecutionRole = "arn:aws:iam::1:role/r" });

        Assert.Equal(2, _fixture.Handler.Requests.Count);
        Assert.All(_fixture.Handler.Requests, r => Assert.Equal("generated-token", JsonNode.Parse(r.Body)!["clientToken"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_given_client_token_is_kept()
    {
        _fixture.Handler.Respond(HttpStatusCode.OK, """{"id":"sr1","status":"PENDING","domainId":"d","createdBy":"u","createdAt":1,"updatedAt":1,"requestReason":"r","subscribedPrincipals":[],"subscribedListings":[]}""");
        var client = new DataZoneClient(_fixture.Options());

        await client.CreateSubscriptionRequestAsync(new CreateSubscriptionRequestInput
        {
            DomainIdentifier = "dzd_1",
            RequestReason = "pipeline",
            ClientToken = "bundle-v1-target-prod",
            SubscribedListings = [new SubscribedListingInput { Identifier = "l1" }],
            SubscribedPrincipals = [new SubscribedPrincipalInput { Project = new SubscribedProjectInput { Identifier = "p1" } }],
        });

        var body = JsonNode.Parse(_fixture.Handler.Requests[0].Body)!;
        Assert.Equal("bundle-v1-target-prod", body["clientToken"]!.GetValue<string>());
        Assert.Equal("p1", body["subscribedPrincipals"]![0]!["project"]!["identifier"]!.GetValue<string>());
    }

    [Fact]
    public async Task Not_found_becomes_a_typed_exception_with_request_id_code_and_status()
    {
        _fixture.Handler.Respond(HttpStatusCode.NotFound, """{"message":"Project p1 not found"}""", ("x-amzn-ErrorType", "ResourceNotFoundException:http://internal/"), ("x-amzn-RequestId", "req-123"));
        var client = new DataZoneClient(_fixture.Options());

        var error = await Assert.ThrowsAsync<AwsNotFoundException>(() => client.GetProjectAsync(new GetProjectInput { DomainIdentifier = "dzd_1", Identifier = "p1" }));

        Assert.Equal(("ResourceNotFoundException", 404, "req-123", RetryClassification.NotRetryable), (error.ErrorCode, error.StatusCode, error.RequestId, error.Retry));
        Assert.Contains("Project p1 not found", error.Message);
        Assert.Single(_fixture.Handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict, "ConflictException", typeof(AwsConflictException))]
    [InlineData(HttpStatusCode.Forbidden, "AccessDeniedException", typeof(AwsAccessDeniedException))]
    [InlineData(HttpStatusCode.Unauthorized, "UnauthorizedException", typeof(AwsAccessDeniedException))]
    [InlineData(HttpStatusCode.BadRequest, "ValidationException", typeof(AwsValidationException))]
    [InlineData(HttpStatusCode.PaymentRequired, "ServiceQuotaExceededException", typeof(AwsServiceQuotaExceededException))]
    public async Task DataZone_errors_map_to_their_exception_types_without_retrying(HttpStatusCode status, string code, Type expected)
    {
        _fixture.Handler.Respond(status, $$"""{"message":"m"}""", ("x-amzn-ErrorType", code));
        var client = new DataZoneClient(_fixture.Options());

        var error = await Assert.ThrowsAnyAsync<AwsServiceException>(() => client.GetDomainAsync(new GetDomainInput { Identifier = "dzd_1" }));

        Assert.IsType(expected, error);
        Assert.False(error.IsRetryable);
        Assert.Single(_fixture.Handler.Requests);
    }

    [Fact]
    public async Task Throttling_is_retried_with_full_jitter_backoff_capped_at_the_maximum()
    {
        for (var i = 0; i < 3; i++)
            _fixture.Handler.Respond(HttpStatusCode.TooManyRequests, """{"message":"slow down"}""", ("x-amzn-ErrorType", "ThrottlingException"));
        _fixture.Handler.Respond(HttpStatusCode.OK, """{"items":[]}""");
        var client = new DataZoneClient(_fixture.Options(maxAttempts: 4, jitter: 1.0));

        var result = await client.ListDomainsAsync(new ListDomainsInput());

        Assert.Empty(result.Items!);
        Assert.Equal(4, _fixture.Handler.Requests.Count);
        Assert.Equal([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(250)], _fixture.Delays);
    }

    [Fact]
    public async Task Jitter_scales_each_delay_between_zero_and_its_ceiling()
    {
        _fixture.Handler
            .Respond(HttpStatusCode.ServiceUnavailable, "<html>busy</html>")
            .Respond(HttpStatusCode.OK, """{"items":[]}""");
        var client = new DataZoneClient(_fixture.Options(jitter: 0.25));

        await client.ListDomainsAsync(new ListDomainsInput());

        Assert.Equal([TimeSpan.FromMilliseconds(25)], _fixture.Delays);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts_and_surface_the_last_error()
    {
        for (var i = 0; i < 3; i++)
            _fixture.Handler.Respond(HttpStatusCode.InternalServerError, """{"message":"down"}""", ("x-amzn-ErrorType", "InternalServerException"));
        var client = new DataZoneClient(_fixture.Options(maxAttempts: 3));

        var error = await Assert.ThrowsAsync<AwsInternalServerException>(() => client.ListDomainsAsync(new ListDomainsInput()));

        Assert.Equal(3, _fixture.Handler.Requests.Count);
        Assert.Equal(RetryClassification.Transient, error.Retry);
        Assert.Equal(2, _fixture.Delays.Count);
    }

    [Fact]
    public async Task Network_failures_are_retried()
    {
        _fixture.Handler
            .Throw(new HttpRequestException("connection reset"))
            .Respond(HttpStatusCode.OK, """{"items":[]}""");
        var client = new DataZoneClient(_fixture.Options());

        await client.ListDomainsAsync(new ListDomainsInput());

        Assert.Equal(2, _fixture.Handler.Requests.Count);
    }

    [Fact]
    public async Task Each_attempt_is_signed_afresh()
    {
        _fixture.Handler
            .Respond(request =>
            {
                _fixture.Clock.Now = _fixture.Clock.Now.AddSeconds(30);
                return new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("{}") };
            })
            .Respond(HttpStatusCode.OK, """{"items":[]}""");
        var client = new DataZoneClient(_fixture.Options());

        await client.ListDomainsAsync(new ListDomainsInput());

        Assert.Equal(["20261127T093000Z", "20261127T093030Z"], _fixture.Handler.Requests.Select(r => r.Header("X-Amz-Date")));
    }

    [Fact]
    public async Task A_missing_required_member_is_refused_before_any_request()
    {
        var client = new DataZoneClient(_fixture.Options());

        var error = await Assert.ThrowsAsync<AwsRequestValidationException>(() => client.CreateProjectAsync(new CreateProjectInput { DomainIdentifier = "dzd_1" }));

        Assert.Contains("name", error.Message);
        Assert.Empty(_fixture.Handler.Requests);
    }

    [Fact]
    public async Task Query_members_go_into_the_query_string()
    {
        _fixture.Handler.Respond(HttpStatusCode.OK, """{"items":[]}""");
        var client = new DataZoneClient(_fixture.Options());

        await client.ListEnvironmentsAsync(new ListEnvironmentsInput { DomainIdentifier = "dzd_1", ProjectIdentifier = "p 1", MaxResults = 50 });

        var query = SigV4Canonicalizer.ParseQuery(_fixture.Handler.Requests[0].Uri.Query);
        Assert.Contains(new KeyValuePair<string, string>("projectIdentifier", "p 1"), query);
        Assert.Contains(new KeyValuePair<string, string>("maxResults", "50"), query);
    }

    [Fact]
    public async Task A_paginator_follows_next_tokens_to_the_last_page()
    {
        _fixture.Handler
            .Respond(HttpStatusCode.OK, """{"items":[{"domainId":"d","id":"p1","name":"a","createdBy":"u"}],"nextToken":"t1"}""")
            .Respond(HttpStatusCode.OK, """{"items":[{"domainId":"d","id":"p2","name":"b","createdBy":"u"}],"nextToken":"t2"}""")
            .Respond(HttpStatusCode.OK, """{"items":[{"domainId":"d","id":"p3","name":"c","createdBy":"u"}]}""");
        var client = new DataZoneClient(_fixture.Options());

        var ids = new List<string>();
        await foreach (var project in client.ListProjectsPaginatedAsync(new ListProjectsInput { DomainIdentifier = "d", Name = "x" }))
            ids.Add(project.Id!);

        Assert.Equal(["p1", "p2", "p3"], ids);
        Assert.Equal([null, "t1", "t2"], _fixture.Handler.Requests.Select(r => SigV4Canonicalizer.ParseQuery(r.Uri.Query).FirstOrDefault(p => p.Key == "nextToken").Value));
        Assert.All(_fixture.Handler.Requests, r => Assert.Contains("name=x", r.Uri.Query));
    }

    [Fact]
    public async Task A_paginator_stops_when_the_service_repeats_a_token()
    {
        _fixture.Handler
            .Respond(HttpStatusCode.OK, """{"items":[],"nextToken":"same"}""")
            .Respond(HttpStatusCode.OK, """{"items":[],"nextToken":"same"}""");
        var client = new DataZoneClient(_fixture.Options());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in client.ListDomainsPaginatedAsync(new ListDomainsInput()))
            {
            }
        });

        Assert.Contains("ListDomains", error.Message);
    }

    [Fact]
    public async Task SearchListings_puts_paging_in_the_body_and_parses_union_results()
    {
        _fixture.Handler.Respond(HttpStatusCode.OK, """{"items":[{"assetListing":{"listingId":"l1","name":"orders","entityType":"GlueTable"}}],"totalMatchCount":1}""");
        var client = new DataZoneClient(_fixture.Options());

        var result = await client.SearchListingsAsync(new SearchListingsInput
        {
            DomainIdentifier = "dzd_1",
            SearchText = "orders",
            MaxResults = 10,
            Filters = new FilterClause { Filter = new Filter { Attribute = "owningProjectId", Value = "p1" } },
        });

        var body = JsonNode.Parse(_fixture.Handler.Requests[0].Body)!;
        Assert.Equal("POST", _fixture.Handler.Requests[0].Method);
        Assert.Equal(10, body["maxResults"]!.GetValue<int>());
        Assert.Equal("owningProjectId", body["filters"]!["filter"]!["attribute"]!.GetValue<string>());
        Assert.Equal("l1", result.Items![0].AssetListing!.ListingId);
    }

    [Fact]
    public async Task A_success_body_that_does_not_match_the_shape_is_reported_clearly()
    {
        _fixture.Handler.Respond(HttpStatusCode.OK, """{"items":"not-a-list"}""");
        var client = new DataZoneClient(_fixture.Options());

        var error = await Assert.ThrowsAsync<SmusServerless.Aws.Http.AwsResponseFormatException>(() => client.ListDomainsAsync(new ListDomainsInput()));

        Assert.Contains("ListDomainsOutput", error.Message);
    }

    [Fact]
    public async Task Attempts_that_time_out_are_retried_and_then_reported_as_a_timeout()
    {
        var client = new DataZoneClient(_fixture.Options(maxAttempts: 3) with { AttemptTimeout = TimeSpan.Zero });

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.ListDomainsAsync(new ListDomainsInput()));

        Assert.Contains("3 attempt(s)", error.Message);
        Assert.Equal(2, _fixture.Delays.Count);
    }

    [Fact]
    public async Task A_cancelled_call_is_not_retried()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var client = new DataZoneClient(_fixture.Options());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListDomainsAsync(new ListDomainsInput(), cancelled.Token));

        Assert.Empty(_fixture.Delays);
    }
}
