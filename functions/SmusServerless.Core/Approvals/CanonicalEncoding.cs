using System.Buffers.Binary;
using System.Text;

namespace SmusServerless.Core.Approvals;

/// <summary>
/// An unambiguous byte encoding for MAC input: a purpose tag, then each field as a 4-byte big-endian length
/// followed by its UTF-8 bytes, and integers as 8 bytes big-endian. Naive concatenation would let
/// ("ab", "c") and ("a", "bc") sign alike; length prefixes make every distinct field tuple a distinct message.
/// </summary>
public sealed class CanonicalEncoding
{
    private readonly MemoryStream _buffer = new();

    public CanonicalEncoding(string purpose) => AddString(purpose);

    public CanonicalEncoding AddString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
        _buffer.Write(length);
        _buffer.Write(bytes);
        return this;
    }

    public CanonicalEncoding AddInt64(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    public byte[] ToArray() => _buffer.ToArray();
}
