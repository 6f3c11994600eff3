using System.IO.Compression;
using System.Text;

namespace SmusServerless.Core.Bundle;

/// <summary>One regular file of a <see cref="TarGzWriter"/> archive: its '/'-separated name and its exact length.</summary>
public sealed record TarFile(string Name, long Size);

/// <summary>
/// Writes a gzip-compressed tar of regular files, streaming, and deterministically so a hash of it can be planned
/// before it is written: entries in ordinal name order, one fixed modification time, mode 0644, uid/gid 0 and no
/// user or group names. Names that do not fit the ustar header get a PAX <c>path</c> record. Holds one 512-byte
/// block and the copy buffer in memory, whatever the files' sizes.
/// </summary>
public static class TarGzWriter
{
    private const int Block = 512;

    /// <param name="open">Opens a file's content; it must hold exactly <see cref="TarFile.Size"/> bytes.</param>
    public static async Task WriteAsync(Stream output, IReadOnlyList<TarFile> files, Func<string, CancellationToken, Task<Stream>> open,
        DateTimeOffset modified, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(open);
        var mtime = Math.Max(0, modified.ToUnixTimeSeconds());
        var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            var header = new byte[Block];
            var buffer = new byte[81920];
            foreach (var file in files.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (name, prefix) = Split(file.Name);
                if (name is null)
                {
                    // Too long for ustar's name + prefix: a PAX extended header carries the whole path.
                    var record = PaxRecord("path", file.Name);
                    WriteHeader(header, "PaxHeaders/" + Truncate(file.Name, 80), "", record.Length, mtime, (byte)'x');
                    await gzip.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                    await gzip.WriteAsync(record, cancellationToken).ConfigureAwait(false);
                    await PadAsync(gzip, record.Length, cancellationToken).ConfigureAwait(false);
                    (name, prefix) = (Truncate(file.Name, 100), "");
                }
                WriteHeader(header, name, prefix!, file.Size, mtime, (byte)'0');
                await gzip.WriteAsync(header, cancellationToken).ConfigureAwait(false);

                var content = await open(file.Name, cancellationToken).ConfigureAwait(false);
                await using (content.ConfigureAwait(false))
                {
                    long copied = 0;
                    int read;
                    while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        copied += read;
                        if (copied > file.Size)
                            throw new InvalidDataException($"'{file.Name}' is longer than its recorded {file.Size} bytes");
                        await gzip.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                    if (copied != file.Size)
                        throw new InvalidDataException($"'{file.Name}' is {copied} bytes, not its recorded {file.Size}");
                }
                await PadAsync(gzip, file.Size, cancellationToken).ConfigureAwait(false);
            }
            Array.Clear(header);
            await gzip.WriteAsync(header, cancellationToken).ConfigureAwait(false); // two zero blocks end the archive
            await gzip.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>ustar's name (≤ 100 bytes) and prefix (≤ 155 bytes, split at a '/'), or a null name when it does not fit.</summary>
    private static (string? Name, string? Prefix) Split(string path)
    {
        if (Encoding.UTF8.GetByteCount(path) <= 100) return (path, "");
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            var prefix = path[..slash];
            var name = path[(slash + 1)..];
            if (Encoding.UTF8.GetByteCount(prefix) <= 155 && Encoding.UTF8.GetByteCount(name) is > 0 and <= 100)
                return (name, prefix);
        }
        return (null, null);
    }

    private static string Truncate(string value, int maxBytes)
    {
        var result = value;
        while (Encoding.UTF8.GetByteCount(result) > maxBytes) result = result[..^1];
        return result;
    }

    /// <summary>"&lt;length&gt; key=value\n", where the length counts itself.</summary>
    private static byte[] PaxRecord(string key, string value)
    {
        var body = Encoding.UTF8.GetByteCount($" {key}={value}\n");
        var length = body + body.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        if ((body + length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length) != length) length++;
        return Encoding.UTF8.GetBytes($"{length} {key}={value}\n");
    }

    private static void WriteHeader(byte[] header, string name, string prefix, long size, long mtime, byte type)
    {
        Array.Clear(header);
        Text(header, 0, 100, name);
        Octal(header, 100, 8, Convert.ToInt64("644", 8));
        Octal(header, 108, 8, 0); // uid
        Octal(header, 116, 8, 0); // gid
        Octal(header, 124, 12, size);
        Octal(header, 136, 12, mtime);
        header[156] = type;
        Text(header, 257, 6, "ustar");
        header[263] = (byte)'0';
        header[264] = (byte)'0';
        Text(header, 345, 155, prefix);
        // The checksum is computed with its own field read as spaces.
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in header) sum += b;
        Octal(header, 148, 7, sum);
    }

    private static void Text(byte[] header, int offset, int length, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > length) throw new ArgumentException($"'{value}' does not fit {length} bytes of a tar header");
        bytes.CopyTo(header, offset);
    }

    /// <summary>Zero-padded octal digits followed by a NUL, filling <paramref name="length"/> bytes.</summary>
    private static void Octal(byte[] header, int offset, int length, long value)
    {
        var digits = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        if (digits.Length > length - 1) throw new ArgumentOutOfRangeException(nameof(value), $"{value} does not fit a tar header field");
        Encoding.ASCII.GetBytes(digits, header.AsSpan(offset));
        header[offset + length - 1] = 0;
    }

    private static async Task PadAsync(Stream stream, long size, CancellationToken cancellationToken)
    {
        var remainder = (int)(size % Block);
        if (remainder != 0)
            await stream.WriteAsync(new byte[Block - remainder], cancellationToken).ConfigureAwait(false);
    }
}
