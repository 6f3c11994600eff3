namespace SmusServerless.Aws.Http;

/// <summary>Full-jitter backoff: delay = random(0, min(MaxDelay, BaseDelay * 2^retry)).</summary>
public static class RetryBackoff
{
    public static TimeSpan DelayFor(int retry, AwsRetryOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retry);
        var exponent = Math.Min(retry, 30);
        var ceiling = Math.Min(options.MaxDelay.TotalMilliseconds, options.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        var jitter = Math.Clamp(options.Jitter(), 0, 1);
        return TimeSpan.FromMilliseconds(ceiling * jitter);
    }

    public static Task WaitAsync(TimeSpan delay, AwsRetryOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
        => options.Delay is { } delayFunction
            ? delayFunction(delay, cancellationToken)
            : Task.Delay(delay, timeProvider, cancellationToken);
}
