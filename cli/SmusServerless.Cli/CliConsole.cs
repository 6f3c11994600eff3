using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SmusServerless.Cli.Output;

namespace SmusServerless.Cli;

/// <summary>
/// Where a command writes: human text on stdout and problems on stderr; with <c>--json</c>, stdout carries only
/// machine-readable documents, one JSON object per line, and stderr still carries the human message of a failure.
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error, bool json)
{
    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;
    public bool Json { get; } = json;

    /// <summary>A line of human output (nothing with <c>--json</c>).</summary>
    public void Line(string text = "")
    {
        if (!Json) Output.WriteLine(text);
    }

    /// <summary>A problem for a person, always on stderr.</summary>
    public void Problem(string text) => Error.WriteLine(text);

    /// <summary>Writes one machine-readable object on one line (only with <c>--json</c>).</summary>
    public void Document<T>(T document, JsonTypeInfo<T> typeInfo)
    {
        if (Json) Output.WriteLine(JsonSerializer.Serialize(document, typeInfo));
    }

    /// <summary>
    /// Reports a failure: the message on stderr and, with <c>--json</c>, an error document on stdout.
    /// Returns <see cref="ExitCodes.Failure"/> so commands can <c>return console.Fail(...)</c>.
    /// </summary>
    public int Fail(string command, CliError error)
    {
        Problem(error.Message);
        Document(new ErrorDocument(command, false, error), CliJsonContext.Output.ErrorDocument);
        return ExitCodes.Failure;
    }

    /// <summary>A value the command line lacks or got wrong, found after parsing: stderr and exit code 2.</summary>
    public int UsageError(string command, string message)
    {
        Problem($"{message}\nSee 'smus-serverless {command} --help'.");
        Document(new ErrorDocument(command, false, new CliError(CliErrorKinds.Usage, message)), CliJsonContext.Output.ErrorDocument);
        return ExitCodes.Usage;
    }
}
