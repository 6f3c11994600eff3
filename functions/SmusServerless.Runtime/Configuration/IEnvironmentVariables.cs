namespace SmusServerless.Runtime.Configuration;

/// <summary>
/// The process environment as a port, so the runtime can be run in-process by tests (in parallel)
/// without touching the real environment, which is global to the process.
/// </summary>
public interface IEnvironmentVariables
{
    string? Get(string name);

    /// <summary>Sets a variable; <c>null</c> removes it.</summary>
    void Set(string name, string? value);
}

/// <summary>The real process environment.</summary>
public sealed class ProcessEnvironmentVariables : IEnvironmentVariables
{
    public string? Get(string name) => Environment.GetEnvironmentVariable(name);

    public void Set(string name, string? value) => Environment.SetEnvironmentVariable(name, value);
}

/// <summary>An in-memory environment, for tests and local hosting.</summary>
public sealed class InMemoryEnvironmentVariables : IEnvironmentVariables
{
    private readonly Dictionary<string, string> _values;
    private readonly Lock _gate = new();

    public InMemoryEnvironmentVariables(IEnumerable<KeyValuePair<string, string>>? values = null)
    {
        _values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values ?? [])
        {
            _values[name] = value;
        }
    }

    public string? Get(string name)
    {
        lock (_gate)
        {
            return _values.TryGetValue(name, out var value) ? value : null;
        }
    }

    public void Set(string name, string? value)
    {
        lock (_gate)
        {
            if (value is null)
            {
                _values.Remove(name);
            }
            else
            {
                _values[name] = value;
            }
        }
    }
}
