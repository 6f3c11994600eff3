using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Pipeline;

public static class LifecycleEventsExtensions
{
    /// <summary>Publishes one lifecycle event.</summary>
    public static Task PublishAsync(this ILifecycleEvents events, string detailType, LifecycleDetail detail, CancellationToken cancellationToken) =>
        events.PublishAsync([new LifecycleEvent(detailType, detail.ToJson())], cancellationToken);
}
