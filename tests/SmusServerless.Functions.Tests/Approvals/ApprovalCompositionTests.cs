using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Pipeline;
using SmusServerless.Functions.Approvals;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Functions.Pipeline;
using SmusServerless.Runtime;

namespace SmusServerless.Functions.Tests.Approvals;

public class ApprovalLifecycleNotifierTests
{
    private sealed class RecordingLifecycleEvents : ILifecycleEvents
    {
        public List<IReadOnlyList<LifecycleEvent>> Batches { get; } = [];

        public Task PublishAsync(IReadOnlyList<LifecycleEvent> events, CancellationToken cancellationToken)
        {
            Batches.Add(events);
            return Task.CompletedTask;
        }
    }

    private static ApprovalRequestedEvent Requested(int files)
    {
        var paths = Enumerable.Range(0, files).Select(i => $"storage/data/partition-{i:D6}/part-{i:D6}.parquet").ToList();
        var request = new ApprovalRequest("a1", "p", "b", "1.0.0", "c", "dev@x.io", "prod", "PROD", new FileChangeSummary(paths, [], paths),
            [], ["u1@x.io", "u2@x.io"], 2, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1));
        return new ApprovalRequestedEvent(request, [
            new ApprovalLink("u1@x.io", request.ExpiresAt, "https://x/approvals/a1?approver=u1%40x.io&exp=86400&sig=S1"),
            new ApprovalLink("u2@x.io", request.ExpiresAt, "https://x/approvals/a1?approver=u2%40x.io&exp=86400&sig=S2"),
        ]);
    }

    [Fact]
    public async Task Request_is_published_as_one_batch_with_the_link_events_after_it()
    {
        var events = new RecordingLifecycleEvents();

        await new ApprovalLifecycleNotifier(events).ApprovalRequestedAsync(Requested(3), default);

        Assert.Equal(["Approval Requested", "Approval Link Issued", "Approval Link Issued"], Assert.Single(events.Batches).Select(e => e.DetailType));
    }

    [Fact]
    public async Task A_request_too_large_for_one_eventbridge_entry_is_published_with_shortened_file_lists()
    {
        var events = new RecordingLifecycleEvents();

        await new ApprovalLifecycleNotifier(events).ApprovalRequestedAsync(Requested(8000), default);

        var detail = events.Batches[0][0].DetailJson;
        Assert.True(Encoding.UTF8.GetByteCount(detail) <= ApprovalLifecycleNotifier.MaxDetailBytes);
        var added = JsonNode.Parse(detail)!["request"]!["files"]!["added"]!.AsArray();
        Assert.InRange(added.Count, 1, 7999);
        Assert.Equal(2, JsonNode.Parse(detail)!["links"]!.AsArray().Count);
    }

    [Fact]
    public void Printing_a_link_issued_event_does_not_reveal_the_link()
    {
        var issued = new ApprovalLinkIssuedEvent("a1", "p", "b", "1", "prod", "PROD", "u1@x.io", "https://x/approvals/a1?sig=SECRETSIG", DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain("SECRETSIG", issued.ToString());
    }
}

public class LoggerApprovalLogTests
{
    private sealed class CapturingLogger : ILogger
    {
        public List<(LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> Fields)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception), (IReadOnlyList<KeyValuePair<string, object?>>)state!));
    }

    [Fact]
    public void Entry_becomes_a_message_with_its_fields_as_keys()
    {
        var logger = new CapturingLogger();

        new LoggerApprovalLog(logger).Write(new ApprovalLogEntry(ApprovalLogLevel.Warning, "approval.vote.refused", "a1", "u1@x.io", "SelfApproval"));

        var (level, message, fields) = Assert.Single(logger.Entries);
        Assert.Equal((LogLevel.Warning, "approval.vote.refused"), (level, message));
        Assert.Equal([new("approval_id", "a1"), new("approver", "u1@x.io"), new("reason", "SelfApproval")], fields);
    }

    [Fact]
    public void Unset_fields_are_left_out()
    {
        var logger = new CapturingLogger();

        new LoggerApprovalLog(logger).Write(new ApprovalLogEntry(ApprovalLogLevel.Error, "approval.endpoint.failed", Reason: "IOException"));

        Assert.Equal([new("reason", "IOException")], Assert.Single(logger.Entries).Fields);
    }
}

public class ApprovalFunctionsTests
{
    [Fact]
    public async Task The_gate_and_pipeline_services_are_composed_once_per_container()
    {
        using var fixture = new EndpointFixture();
        var gates = 0;
        var services = 0;
        var registry = new HandlerRegistry();
        ApprovalFunctions.Register(registry,
            _ => { services++; return new PipelineAdapters(new PipelineSettings { StateBucket = "s" }, new Local.S3.FileObjectStore(Path.Combine(fixture.StateDirectory, "s3")), _ => throw new InvalidOperationException("no DataZone"), new NoLifecycleEvents(), null, fixture.Clock); },
            _ => { gates++; return fixture.Gate; });
        var functions = new InProcessFunctions(registry, InProcessFunctions.LocalServices("smus-test", Stream.Null, fixture.Clock));

        // Each call builds its function's handler first (the input is then refused, which is beside the point here).
        foreach (var name in ApprovalFunctions.Names)
            await functions.InvokeAsync(name, "null"u8.ToArray(), TimeSpan.FromSeconds(5), default);

        Assert.Equal((1, 1), (gates, services));
    }

    [Fact]
    public void Registers_the_three_handler_names_of_the_template()
    {
        var registry = new HandlerRegistry();

        ApprovalFunctions.Register(registry, _ => throw new InvalidOperationException(), _ => throw new InvalidOperationException());

        Assert.Equal(["request-approval", "expire-approval", "approval-endpoint"], registry.Names);
    }

    private sealed class NoLifecycleEvents : ILifecycleEvents
    {
        public Task PublishAsync(IReadOnlyList<LifecycleEvent> events, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
