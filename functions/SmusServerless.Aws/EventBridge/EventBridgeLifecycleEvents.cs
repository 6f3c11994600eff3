using SmusServerless.Core.Pipeline;

namespace SmusServerless.Aws.EventBridge;

/// <summary>Publishes the pipeline's lifecycle events on an EventBridge bus (source <c>smus.pipeline</c>).</summary>
public sealed class EventBridgeLifecycleEvents(EventBridgeBatchPublisher publisher, string eventBusName, TimeProvider clock) : ILifecycleEvents
{
    public async Task PublishAsync(IReadOnlyList<LifecycleEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        var now = clock.GetUtcNow();
        var entries = events.Select(e => new PutEventsRequestEntry
        {
            Source = LifecycleEvents.Source,
            DetailType = e.DetailType,
            Detail = e.DetailJson,
            EventBusName = eventBusName,
            Time = now,
            Resources = e.Resource is null ? null : [e.Resource],
        }).ToList();
        (await publisher.PublishAsync(entries, cancellationToken).ConfigureAwait(false)).EnsureAllSucceeded();
    }
}
