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
    private readonly Dictionary<string, Queue<string>> _failAfterCommit = new(StringComparer.Ordinal);

    public TimeSpan Latency => options.Latency;

    /// <summary>Makes the next <paramref name="times"/> calls of <paramref name="operation"/> fail with <paramref name="errorCode"/>.</summary>
    public void FailNext(string operation, int times, string errorCode = "InternalServerException") =>
        Enqueue(_failNext, operation, times, errorCode);

    /// <summary>
    /// Makes the next <paramref name="times"/> calls of <paramref name="operation"/> take effect and then fail with
    /// <paramref name="errorCode"/>: the response is lost after the change was made (a 5xx from a gateway, a timeout),
    /// so a client that retries blindly would do it twice.
    /// </summary>
    public void FailNextAfterCommit(string operation, int times, string errorCode = "InternalServerException") =>
        Enqueue(_failAfterCommit, operation, times, errorCode);

    private void Enqueue(Dictionary<string, Queue<string>> faults, string operation, int times, string errorCode)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_gate)
        {
            if (!faults.TryGetValue(operation, out var queue))
            {
                faults[operation] = queue = new Queue<string>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(errorCode);
            }
        }
    }

    /// <summary>How many of the faults queued for <paramref name="operation"/> (before or after commit) have not struck yet.</summary>
    public int Pending(string operation)
    {
        lock (_gate)
        {
            return (_failNext.TryGetValue(operation, out var before) ? before.Count : 0) +
                   (_failAfterCommit.TryGetValue(operation, out var after) ? after.Count : 0);
        }
    }

    /// <summary>The fault for a call whose change has just been committed, if one is queued.</summary>
    public DataZoneServiceException? DrawAfterCommit(string operation)
    {
        lock (_gate)
        {
            return _failAfterCommit.TryGetValue(operation, out var queue) && queue.TryDequeue(out var code)
                ? new DataZoneServiceException(code, $"Injected fault: {operation} took effect, then failed with {code}.")
                : null;
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
