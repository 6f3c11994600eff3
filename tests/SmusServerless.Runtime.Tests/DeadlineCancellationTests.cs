using Microsoft.Extensions.Time.Testing;

namespace SmusServerless.Runtime.Tests;

public sealed class DeadlineCancellationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Cancels_the_reserve_before_the_deadline_not_after()
    {
        var delay = DeadlineCancellation.DelayUntilCancel(Now.AddSeconds(10), Now, TimeSpan.FromMilliseconds(500));

        Assert.Equal(TimeSpan.FromMilliseconds(9_500), delay);
    }

    [Fact]
    public void Cancels_at_once_when_less_than_the_reserve_remains()
    {
        var delay = DeadlineCancellation.DelayUntilCancel(Now.AddMilliseconds(300), Now, TimeSpan.FromMilliseconds(500));

        Assert.Equal(TimeSpan.Zero, delay);
    }

    [Fact]
    public void Token_fires_exactly_when_the_reserve_begins()
    {
        var time = new FakeTimeProvider(Now);
        using var source = DeadlineCancellation.Create(Now.AddSeconds(3), TimeSpan.FromSeconds(1), time);

        time.Advance(TimeSpan.FromMilliseconds(1_999));
        var before = source.IsCancellationRequested;
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(before);
        Assert.True(source.IsCancellationRequested);
    }

    [Fact]
    public void Token_of_a_passed_deadline_is_cancelled_from_the_start()
    {
        var time = new FakeTimeProvider(Now);
        using var source = DeadlineCancellation.Create(Now.AddSeconds(-1), TimeSpan.FromMilliseconds(500), time);

        Assert.True(source.IsCancellationRequested);
    }
}
