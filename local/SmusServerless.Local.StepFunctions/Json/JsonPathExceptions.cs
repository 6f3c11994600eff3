namespace SmusServerless.Local.StepFunctions.Json;

/// <summary>A JSONPath syntax error, with the offending expression and position.</summary>
public sealed class JsonPathSyntaxException(string path, int position, string message)
    : Exception($"Invalid JSONPath '{path}' at position {position}: {message}")
{
    public string Path { get; } = path;
    public int Position { get; } = position;
}

/// <summary>A path that selects nothing in the given document (a definite path to a missing field or index).</summary>
public sealed class JsonPathNoMatchException(string path)
    : Exception($"The JSONPath '{path}' could not be found in the input")
{
    public string Path { get; } = path;
}
