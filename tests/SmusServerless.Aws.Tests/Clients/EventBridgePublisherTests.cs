using System.Net;
using System.Text.Json.Nodes;
using SmusServerless.Aws.EventBridge;
using SmusServerless.Aws.Http;
using SmusServerless.Aws.Tests.Support;

namespace SmusServerless.Aws.Tests.Clients;

public sealed class EventBridgePublisherTests
{
    private readonly ClientFixture _fixture = new();

    private static PutEventsRequestEntry Entry(int i, string? detail = null) => new()
    {
        Source = "smus.pipeline",
        DetailType = "Deployment Started",
        Detail = detail ?? $$"""{"n":{{i}}}""",
        EventBusName = "default",
    };

    private static HttpResponseMessage Accept(RecordedRequest request, Func<int, string?>? failCode = null)
    {
        var entries = JsonNode.Parse(request.Body)!["Entries"]!.AsArray();
        var results = new JsonArray();
        var failed = 0;
        foreach (var entry in entries)
        {
            var n = JsonNode.Parse(entry!["Detail"]!.GetValue<string>())!["n"]!.GetValue<int>();
            var code = failCode?.Invoke(n);
            if (code is null)
                results.Add(new JsonObject { ["EventId"] = $"id-{n}" });
            else
            {
                failed++;
                results.Add(new JsonObject { ["ErrorCode"] = code, ["ErrorMessage"] = "failed" });
            }
        }
        var body = new JsonObject { ["FailedEntryCount"] = failed, ["Entries"] = results };
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString()) };
    }

    [Fact]
    public async Task PutEvents_posts_awsJson_1_1_to_the_events_endpoint()
    {
        _fixture.Handler.Respond(r => Accept(r));
        var client = new EventBridgeClient(_fixture.Options());

        var response = await client.PutEventsAsync(new PutEventsRequest { Entries = [Entry(1)] });

        var sent = Assert.Single(_fixture.Handler.Requests);
        Assert.Equal("https://events.us-east-1.amazonaws.com/", sent.Uri.ToString());
        Assert.Equal("AWSEvents.PutEvents", sent.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", sent.Header("Content-Type"));
        Assert.Equal("smus.pipeline", JsonNode.Parse(sent.Body)!["Entries"]![0]!["Source"]!.GetValue<string>());
        Assert.Equal("id-1", response.Entries![0].EventId);
    }

    [Fact]
    public async Task Publishes_in_batches_of_at_most_ten_entries()
    {
        for (var i = 0; i < 3; i++)
            _fixture.Handler.Respond(r => Accept(r));
        var publisher = new EventBridgeBatchPublisher(new EventBridgeClient(_fixture.Options()));

        var result = await publisher.PublishAsync(Enumerable.Range(0, 23).Select(i => Entry(i)).ToList());

        Assert.Equal([10, 10, 3], _fixture.Handler.Requests.Select(r => JsonNode.Parse(r.Body)!["Entries"]!.AsArray().Count));
        Assert.Empty(result.Failed);
        Assert.Equal(Enumerable.Range(0, 23).Select(i => $"id-{i}"), result.Entries.Select(e => e.EventId));
    }

    [Fact]
    public async Task Splits_batches_that_would_exceed_256_KiB()
    {
        var big = new string('x', 100 * 1024);
        _fixture.Handler.Respond(r => Accept(r)).Respond(r => Accept(r));
        var publisher = new EventBridgeBatchPublisher(new EventBridgeClient(_fixture.Options()));

        await publisher.PublishAsync([Entry(0, $$"""{"n":0,"p":"{{big}}"}"""), Entry(1, $$"""{"n":1,"p":"{{big}}"}"""), Entry(2, $$"""{"n":2,"p":"{{big}}"}""")]);

        Assert.Equal([2, 1], _fixture.Handler.Requests.Select(r => JsonNode.Parse(r.Body)!["Entries"]!.AsArray().Count));
    }

    [Fact]
    public async Task Retries_only_the_entries_that_failed_with_a_retryable_code()
    {
        var attempts = 0;
        _fixture.Handler
            .Respond(r => Accept(r, n => n == 1 ? "ThrottlingException" : n == 2 ? "MalformedDetail" : null))
            .Respond(r =>
            {
                attempts++;
                return Accept(r);
            });
        var retry = new AwsRetryOptions { MaxAttempts = 3, Jitter = () => 0, Delay = (_, _) => Task.CompletedTask };
        var publisher = new EventBridgeBatchPublisher(new EventBridgeClient(_fixture.Options()), retry);

        var result = await publisher.PublishAsync([Entry(0), Entry(1), Entry(2)]);

        Assert.Equal(1, attempts);
        Assert.Equal([1], JsonNode.Parse(_fixture.Handler.Requests[1].Body)!["Entries"]!.AsArray().Select(e => JsonNode.Parse(e!["Detail"]!.GetValue<string>())!["n"]!.GetValue<int>()));
        var failed = Assert.Single(result.Failed);
        Assert.Equal((2, "MalformedDetail", 1), (failed.Index, failed.ErrorCode, failed.Attempts));
        Assert.Equal(("id-1", 2), (result.Entries[1].EventId, result.Entries[1].Attempts));
        var error = Assert.Throws<EventBridgePublishException>(() => result.EnsureAllSucceeded());
        Assert.Contains("MalformedDetail", error.Message);
    }

    [Fact]
    public async Task Gives_up_on_an_entry_after_the_bounded_number_of_attempts()
    {
        for (var i = 0; i < 3; i++)
            _fixture.Handler.Respond(r => Accept(r, _ => "InternalFailure"));
        var retry = new AwsRetryOptions { MaxAttempts = 3, Jitter = () => 0, Delay = (_, _) => Task.CompletedTask };
        var publisher = new EventBridgeBatchPublisher(new EventBridgeClient(_fixture.Options()), retry);

        var result = await publisher.PublishAsync([Entry(0)]);

        Assert.Equal(3, _fixture.Handler.Requests.Count);
        Assert.Equal(("InternalFailure", 3), (result.Failed[0].ErrorCode, result.Failed[0].Attempts));
    }

    [Fact]
    public void Entry_size_follows_EventBridges_rule()
    {
        var entry = new PutEventsRequestEntry { Time = DateTimeOffset.UnixEpoch, Source = "ab", DetailType = "é", Detail = "{}", Resources = ["r1", "r22"] };

        Assert.Equal(14 + 2 + 2 + 2 + 2 + 3, EventBridgeBatchPublisher.EntrySize(entry));
    }

    [Fact]
    public async Task An_entry_larger_than_the_limit_is_reported_without_being_sent()
    {
        var publisher = new EventBridgeBatchPublisher(new EventBridgeClient(_fixture.Options()));

        var result = await publisher.PublishAsync([Entry(0, new string('x', 257 * 1024))]);

        Assert.Empty(_fixture.Handler.Requests);
        Assert.Equal("EntryTooLarge", Assert.Single(result.Failed).ErrorCode);
    }
}
