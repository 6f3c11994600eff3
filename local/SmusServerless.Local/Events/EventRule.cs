using System.Text.Json.Nodes;

namespace SmusServerless.Local.Events;

/// <summary>Receives the events a rule matched (a Lambda, a Step Functions start, a test probe, ...).</summary>
public interface IEventTarget
{
    Task DeliverAsync(JsonObject @event, CancellationToken cancellationToken);
}

/// <summary>A rule on an event bus: events matching <see cref="Pattern"/> go to <see cref="Target"/>.</summary>
public sealed record EventRule(string Name, EventPattern Pattern, IEventTarget Target, string EventBusName = "default");

/// <summary>A target that calls a delegate.</summary>
public sealed class DelegateEventTarget(Func<JsonObject, CancellationToken, Task> deliver) : IEventTarget
{
    public Task DeliverAsync(JsonObject @event, CancellationToken cancellationToken) => deliver(@event, cancellationToken);
}
