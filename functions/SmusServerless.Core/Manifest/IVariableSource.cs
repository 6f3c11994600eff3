namespace SmusServerless.Core.Manifest;

/// <summary>
/// Where <c>${VAR}</c> values in a manifest come from. The pipeline passes the stack's configuration,
/// never anything the bundle chooses; the CLI passes the process environment (an adapter, not Core).
/// </summary>
public interface IVariableSource
{
    /// <summary>The variable's value, or null when it is not set. A variable set to "" is set.</summary>
    string? Find(string name);
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
