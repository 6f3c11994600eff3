namespace SmusServerless.Cli.Output;

/// <summary>How a command writes its results on stdout.</summary>
public enum OutputMode
{
    /// <summary>Text for people (the default; smus-cli's <c>-o TEXT</c>).</summary>
    Text,

    /// <summary><c>--json</c>: one compact JSON object per line, one per event or result.</summary>
    JsonLines,

    /// <summary><c>-o JSON</c> (smus-cli's spelling): exactly one indented JSON document for the whole command.</summary>
    JsonDocument,
}
