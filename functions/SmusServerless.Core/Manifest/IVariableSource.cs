namespace SmusServerless.Core.Manifest;

/// <summary>
/// Where <c>${VAR}</c> values in a manifest come from. The pipeline passes the stack's configuration,
/// never anything the bundle chooses; the CLI passes the process environment (an adapter, not Core).
/// </summary>
public interface IVariableSource
{
    /// <summary>The variable's value, or null when it is not set. A variable set to "" is set.</summary>
    string? Find(string name);

    /// <summary>
    /// The variable's value, or why there is none. Sources that look values up (<see cref="SessionVariableSource"/>)
    /// say why a lookup failed; the others answer from <see cref="Find"/>.
    /// </summary>
    VariableLookup Lookup(string name) => Find(name) is { } value ? VariableLookup.Found(value) : VariableLookup.NotSet;
}

/// <summary>
/// The outcome of looking a variable up: a value; not set (a <c>${NAME:default}</c> default then applies), perhaps with
/// the reason; or failed (the value exists but could not be had, e.g. no AWS credentials: no default applies, since
/// a guessed account or region would send a deployment to the wrong place).
/// </summary>
public readonly record struct VariableLookup(string? Value, string? Reason, bool IsFailure)
{
    public static VariableLookup NotSet { get; } = new(null, null, false);

    public static VariableLookup Found(string value) => new(value, null, false);

    /// <summary>Not set, for the reason given (used when there is no default).</summary>
    public static VariableLookup Unset(string reason) => new(null, reason, false);

    public static VariableLookup Failed(string reason) => new(null, reason, true);
}

/// <summary>A fixed set of variables (tests, explicit stack configuration).</summary>
public sealed class DictionaryVariableSource : IVariableSource
{
    private readonly IReadOnlyDictionary<string, string> _values;

    public DictionaryVariableSource(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
    }

    /// <summary>No variables at all: only <c>${VAR:default}</c> references resolve.</summary>
    public static DictionaryVariableSource Empty { get; } = new(new Dictionary<string, string>());

    public string? Find(string name) => _values.TryGetValue(name, out var value) ? value : null;
}
