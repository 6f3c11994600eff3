namespace SmusServerless.Runtime.Logging;

/// <summary>
/// Where structured log lines and EMF documents go (stdout in Lambda): one JSON document per line, each
/// written with a single call so that lines from concurrent writers never interleave.
/// </summary>
public sealed class JsonLineOutput
{
    private readonly Stream _stream;
    private readonly Lock _gate = new();

    public JsonLineOutput(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    /// <summary>Lambda's stdout, unbuffered: a line is in CloudWatch even if the sandbox is frozen right after.</summary>
    public static JsonLineOutput StandardOutput() => new(Console.OpenStandardOutput());

    public void WriteLine(ReadOnlySpan<byte> utf8Json)
    {
        var line = new byte[utf8Json.Length + 1];
        utf8Json.CopyTo(line);
        line[^1] = (byte)'\n';
        lock (_gate)
        {
            _stream.Write(line);
            _stream.Flush();
        }
    }
}
