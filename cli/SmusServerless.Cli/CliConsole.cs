using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmusServerless.Cli;

/// <summary>
/// Where a command writes: human text on stdout, problems on stderr, or one JSON document per line with <c>--json</c>.
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error, bool json)
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;
    public bool Json { get; } = json;

    public void Line(string text = "")
    {
        if (!Json) Output.WriteLine(text);
    }

    public void Problem(string text) => Error.WriteLine(text);

    /// <summary>Writes one machine-readable object (only with <c>--json</c>).</summary>
    public void Document(JsonNode document)
    {
        if (Json) Output.WriteLine(document.ToJsonString(Compact));
    }
}
