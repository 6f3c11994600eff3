using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SmusServerless.Cli.Output;

namespace SmusServerless.Cli;

/// <summary>
/// Where a command writes: human text on stdout and problems on stderr; with <c>--json</c>, stdout carries only
/// machine-readable documents, one JSON object per line, and stderr still carries the human message of a failure;
/// with <c>-o JSON</c>, stdout carries the command's one document, indented (as smus-cli prints it).
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error, OutputMode mode)
{
    public CliConsole(TextWriter output, TextWriter error, bool json)
        : this(output, error, json ? OutputMode.JsonLines : OutputMode.Text)
    {
    }

    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;
    public OutputMode Mode { get; } = mode;

    /// <summary>True when stdout is for machines (<c>--json</c> or <c>-o JSON</c>): no human lines there.</summary>
    public bool Json => Mode != OutputMode.Text;

    /// <summary>True with <c>-o JSON</c>: a command that reports several things gathers them into one document.</summary>
    public bool SingleDocument => Mode == OutputMode.JsonDocument;

    /// <summary>A line of human output (nothing with <c>--json</c>).</summary>
    public void Line(string text = "")
    {
        if (!Json) Output.WriteLine(text);
    }

    /// <summary>A problem for a person, always on stderr.</summary>
    public void Problem(string text) => Error.WriteLine(text);

    /// <summary>Writes one machine-readable object: on one line with <c>--json</c>, indented with <c>-o JSON</c>, nothing in text mode.</summary>
    public void Document<T>(T document, JsonTypeInfo<T> typeInfo)
    {
        if (Mode == OutputMode.JsonLines)
            Output.WriteLine(JsonSerializer.Serialize(document, typeInfo));
        else if (Mode == OutputMode.JsonDocument)
            Output.WriteLine(Indented(JsonSerializer.SerializeToUtf8Bytes(document, typeInfo)));
    }

    // Re-written rather than serialised with other options, so the source-generated contexts stay the only ones.
    private static string Indented(byte[] compact)
    {
        using var parsed = JsonDocument.Parse(compact);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            parsed.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
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
