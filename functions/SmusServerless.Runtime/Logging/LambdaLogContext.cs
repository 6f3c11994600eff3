namespace SmusServerless.Runtime.Logging;

/// <summary>
/// The keys every log line carries that change per invocation (request id, ARN, trace, cold start,
/// correlation id) and the extra keys a handler appends (Powertools' <c>Logger.AppendKey</c>).
/// Appended keys and the correlation id last for the current invocation only.
/// </summary>
/// <remarks>
/// Each invocation has its own state, held in the invocation's async flow (<see cref="AsyncLocal{T}"/>): a key appended
/// by one invocation is never seen by the next one in a warm sandbox, nor by another invocation running at the same
/// time in the same process (the offline stack runs several functions at once on one context). Outside an invocation
/// (init, tests) the context has one state of its own, cleared when an invocation ends.
/// </remarks>
public sealed class LambdaLogContext
{
    private static readonly AsyncLocal<InvocationState?> Ambient = new();

    private readonly InvocationState _outside;
    private int _invocations;

    public LambdaLogContext() => _outside = new InvocationState(this, null, null, null);

    /// <summary>
    /// The log context of the invocation running in this async flow, or null outside one: lets code that is not handed
    /// the runtime's services (an adapter deep in a use case) add what it learns, as Powertools' static <c>Logger</c> does.
    /// </summary>
    public static LambdaLogContext? Current => Ambient.Value?.Owner;

    /// <summary>True until the first invocation has ended: the first invocation of a sandbox is its cold start.</summary>
    public bool ColdStart => Volatile.Read(ref _invocations) == 0;

    public string? RequestId => State.RequestId;

    public string? FunctionArn => State.FunctionArn;

    public string? TraceId => State.TraceId;

    public string? CorrelationId => State.CorrelationId;

    /// <summary>The appended keys, in the order they were first appended.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> AppendedKeys => State.Keys;

    private InvocationState State => Ambient.Value is { } state && ReferenceEquals(state.Owner, this) ? state : _outside;

    /// <summary>Sets the <c>correlation_id</c> of the current invocation (e.g. the execution ARN).</summary>
    public void SetCorrelationId(string? correlationId) => State.CorrelationId = correlationId;

    /// <summary>Adds or replaces an extra key on every following log line of this invocation.</summary>
    public void AppendKey(string key, object? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (PowertoolsLogKeys.IsReserved(key))
        {
            throw new ArgumentException($"'{key}' is a standard log key and cannot be appended.", nameof(key));
        }

        State.Append(key, value);
    }

    public void RemoveKey(string key) => State.Remove(key);

    /// <summary>
    /// Starts the state of one invocation in the caller's async flow; <see cref="EndInvocation"/> ends it. The caller
    /// must be an async method (or run in its own flow), so that the state does not outlive it.
    /// </summary>
    internal void BeginInvocation(ILambdaContext context) =>
        Ambient.Value = new InvocationState(this, context.AwsRequestId, context.InvokedFunctionArn, context.TraceId);

    internal void EndInvocation()
    {
        if (Ambient.Value is { } state && ReferenceEquals(state.Owner, this))
        {
            Ambient.Value = null;
        }

        _outside.Clear();
        Interlocked.Increment(ref _invocations);
    }

    private sealed class InvocationState(LambdaLogContext owner, string? requestId, string? functionArn, string? traceId)
    {
        private readonly Lock _gate = new();
        private IReadOnlyList<KeyValuePair<string, object?>> _keys = [];
        private string? _correlationId;

        public LambdaLogContext Owner { get; } = owner;

        public string? RequestId { get; } = requestId;

        public string? FunctionArn { get; } = functionArn;

        public string? TraceId { get; } = traceId;

        public string? CorrelationId
        {
            get => Volatile.Read(ref _correlationId);
            set => Volatile.Write(ref _correlationId, value);
        }

        public IReadOnlyList<KeyValuePair<string, object?>> Keys => Volatile.Read(ref _keys);

        public void Append(string key, object? value)
        {
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

        public void Remove(string key)
        {
            lock (_gate)
            {
                Volatile.Write(ref _keys, _keys.Where(pair => pair.Key != key).ToList());
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                Volatile.Write(ref _keys, []);
            }

            CorrelationId = null;
        }
    }
}
