namespace SmusServerless.Runtime;

/// <summary>
/// The handler's token is cancelled <c>reserve</c> before Lambda's deadline. Note the direction: the delay is
/// what remains minus the reserve, and a deadline already inside the reserve cancels at once
/// (anchors.md §A4: a sample's inverted check meant it never cancelled at all).
/// </summary>
internal static class DeadlineCancellation
{
    public static TimeSpan DelayUntilCancel(DateTimeOffset deadline, DateTimeOffset now, TimeSpan reserve)
    {
        var delay = deadline - now - reserve;
        return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
    }

    public static CancellationTokenSource Create(DateTimeOffset deadline, TimeSpan reserve, TimeProvider time)
    {
        var delay = DelayUntilCancel(deadline, time.GetUtcNow(), reserve);
        var source = new CancellationTokenSource(delay > TimeSpan.Zero ? delay : Timeout.InfiniteTimeSpan, time);
        if (delay == TimeSpan.Zero)
        {
            source.Cancel();
        }

        return source;
    }
}
