using System.Text;
using System.Text.Json;

namespace SmusServerless.Runtime.Tests.Fakes;

/// <summary>A stdout stand-in that keeps every line written, safely across threads.</summary>
internal sealed class CapturedOutput : Stream
{
    private readonly MemoryStream _buffer = new();
    private readonly Lock _gate = new();

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return Encoding.UTF8.GetString(_buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
        }
    }

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return Encoding.UTF8.GetString(_buffer.ToArray());
            }
        }
    }

    public IReadOnlyList<JsonElement> Documents => Lines.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            _buffer.Write(buffer, offset, count);
        }
    }
}
