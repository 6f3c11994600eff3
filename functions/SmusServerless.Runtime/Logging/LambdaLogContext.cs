namespace SmusServerless.Runtime.Logging;

/// <summary>
/// The keys every log line carries that change per invocation (request id, ARN, trace, cold start,
/// correlation id) and the extra keys a handler appends (Powertools' <c>Logger.AppendKey</c>).
/// Appended keys and the correlation id last for the current invocation only.
/// </summary>
public sealed class LambdaLogContext
{
    private readonly Lock _gate = new();
    private IReadOnlyList<KeyValuePair<string, object?>> _keys = [];
    private int _invocations;

    /// <summary>True until the first invocation has ended: the first invocation of a sandbox is its cold start.</summary>
    public bool ColdStart => Volatile.Read(ref _invocations) == 0;

    public string? RequestId { get; private set; }

    public string? FunctionArn { get; private set; }

    public string? TraceId { get; private set; }

    public string? CorrelationId { get; private set; }

    /// <summary>The appended keys, in the order they were first appended.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> AppendedKeys => Volatile.Read(ref _keys);

    /// <summary>Sets the <c>correlation_id</c> of the current invocation (e.g. the execution ARN).</summary>
    public void SetCorrelationId(string? correlationId) => CorrelationId = correlationId;

    /// <summary>Adds or replaces an extra key on every following log line of this invocation.</summary>
    public void AppendKey(string key, object? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (PowertoolsLogKeys.IsReserved(key))
        {
            throw new ArgumentException($"'{key}' is a standard log key and cannot be appended.", nameof(key));
        }

        lock (_gate)
        {
            var keys = _keys.ToList();
            var index = keys.FindIndex(pair => pair.Key == key);
            var entry = new KeyValuePair<string, object?>(key, value);
            if (index < 0)
            {
                keys.Add(entry);
            }
            else
            {
                keys[index] = entry;
            }

            Volatile.Write(ref _keys, keys);
        }
    }

    public void RemoveKey(string key)
    {
        lock (_gate)
        {
            Volatile.Write(ref _keys, _keys.Where(pair => pair.Key != key).ToList());
        }
    }

    internal void BeginInvocation(ILambdaContext context)
    {
        RequestId = context.AwsRequestId;
        FunctionArn = context.InvokedFunctionArn;
        TraceId = context.TraceId;
        CorrelationId = null;
    }

    internal void EndInvocation()
    {
        lock (_gate)
        {
            Volatile.Write(ref _keys, []);
        }

        RequestId = null;
        TraceId = null;
        CorrelationId = null;
        Interlocked.Increment(ref _invocations);
    }
}
