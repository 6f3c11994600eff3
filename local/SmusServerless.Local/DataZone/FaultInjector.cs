namespace SmusServerless.Local.DataZone;

/// <summary>
/// Decides, per call, whether to fail it: first "fail operation X the next N times" rules, then the throttling and
/// server-error ratios. Draws come from one seeded sequence, so a run with the same seed and calls fails the same way.
/// </summary>
public sealed class FaultInjector(FaultInjectionOptions options)
{
    private readonly Lock _gate = new();
    private readonly Random _random = new(options.Seed);
    private readonly Dictionary<string, Queue<string>> _failNext = new(StringComparer.Ordinal);

    public TimeSpan Latency => options.Latency;

    /// <summary>Makes the next <paramref name="times"/> calls of <paramref name="operation"/> fail with <paramref name="errorCode"/>.</summary>
    public void FailNext(string operation, int times, string errorCode = "InternalServerException")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_gate)
        {
            if (!_failNext.TryGetValue(operation, out var queue))
            {
                _failNext[operation] = queue = new Queue<string>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(errorCode);
            }
        }
    }

    public DataZoneServiceException? Draw(string operation)
    {
        lock (_gate)
        {
            if (_failNext.TryGetValue(operation, out var queue) && queue.TryDequeue(out var code))
            {
                return new DataZoneServiceException(code, $"Injected fault: {operation} fails with {code}.");
            }

            if (options.ThrottlingRatio > 0 && _random.NextDouble() < options.ThrottlingRatio)
            {
                return new DataZoneServiceException("ThrottlingException", "Rate exceeded");
            }

            if (options.ServerErrorRatio > 0 && _random.NextDouble() < options.ServerErrorRatio)
            {
                return new DataZoneServiceException("InternalServerException", "An internal error occurred (injected fault).");
            }

            return null;
        }
    }
}
