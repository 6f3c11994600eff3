namespace SmusServerless.Runtime;

/// <summary>Tuning of the runtime loop.</summary>
public sealed record RuntimeOptions
{
    /// <summary>
    /// How long before Lambda's deadline the handler's token is cancelled, so that the runtime can still post
    /// an error and flush logs and metrics before Lambda stops the sandbox.
    /// </summary>
    public TimeSpan DeadlineReserve { get; init; } = TimeSpan.FromMilliseconds(500);
}
