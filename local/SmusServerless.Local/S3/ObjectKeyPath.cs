using System.Text;
using SmusServerless.Core.Storage;

namespace SmusServerless.Local.S3;

/// <summary>
/// Maps S3 keys to directory paths safely. Each '/'-separated segment becomes one directory whose name is the
/// segment percent-encoded: only ASCII letters, digits, '-', '_' and a non-leading '.' stay literal, so a name
/// can never be ".", "..", hidden, or start with '@' (names starting with '@' are the store's own). An empty
/// segment ("a//b", "dir/") is named "%", which no encoded segment can be. The object itself lives in the
/// "@obj" directory of its last segment, so keys "a" and "a/b" coexist.
/// </summary>
internal static class ObjectKeyPath
{
    public const int MaxKeyBytes = 1024;
    private const int MaxNameBytes = 255;
    private const string EmptySegment = "%";

    /// <summary>Refuses what the store cannot hold safely; the exception names the rule that was broken.</summary>
    public static void Validate(string key)
    {
        if (string.IsNullOrEmpty(key))
            throw new InvalidObjectKeyException(key ?? "", "it is empty");
        if (key.Contains('\0', StringComparison.Ordinal))
            throw new InvalidObjectKeyException(key, "it contains a NUL character");
        if (key[0] == '/')
            throw new InvalidObjectKeyException(key, "it is absolute (starts with '/')");
        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
            throw new InvalidObjectKeyException(key, $"it is longer than {MaxKeyBytes} UTF-8 bytes");
        foreach (var segment in key.Split('/'))
        {
            if (segment is "." or "..")
                throw new InvalidObjectKeyException(key, $"it has a '{segment}' path segment");
            if (EncodeSegment(segment).Length > MaxNameBytes)
                throw new InvalidObjectKeyException(key, $"a segment is longer than {MaxNameBytes} bytes once encoded for the file system");
        }
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(key);
        }
        catch (EncoderFallbackException)
        {
            throw new InvalidObjectKeyException(key, "it is not valid Unicode (lone surrogate)");
        }
    }

    /// <summary>The object directory of <paramref name="key"/> under <paramref name="bucketDirectory"/>, checked to stay inside it.</summary>
    public static string ObjectDirectory(string bucketDirectory, string key)
    {
        Validate(key);
        var parts = key.Split('/').Select(EncodeSegment).Append(FileObjectStore.ObjectDirectoryName).Prepend(bucketDirectory).ToArray();
        var path = Path.GetFullPath(Path.Combine(parts));
        // Defence in depth: encoding already rules out traversal, but never trust one line of defence with paths.
        if (!path.StartsWith(bucketDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidObjectKeyException(key, "it resolves outside its bucket");
        return path;
    }

    public static string EncodeSegment(string segment)
    {
        if (segment.Length == 0)
            return EmptySegment;
        var bytes = Encoding.UTF8.GetBytes(segment);
        var builder = new StringBuilder(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var literal = b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'_' || (b == (byte)'.' && i > 0);
            if (literal)
                builder.Append((char)b);
            else
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>The segment a directory name encodes; null for names the store did not write (skipped when listing).</summary>
    public static string? DecodeSegment(string name)
    {
        if (name == EmptySegment)
            return "";
        var bytes = new List<byte>(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '%')
            {
                if (i + 2 >= name.Length)
                    return null;
                if (!byte.TryParse(name.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
                    return null;
                bytes.Add(b);
                i += 2;
            }
            else if (c < 128 && c != '@')
            {
                bytes.Add((byte)c);
            }
            else
            {
                return null;
            }
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
