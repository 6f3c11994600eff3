namespace SmusServerless.Aws.Tests.Support;

/// <summary>A clock that reads a set time and can be moved by hand.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
