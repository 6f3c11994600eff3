namespace SmusServerless.Core.Bundle;

/// <summary>
/// Bytes that can be read at any offset: a local file now, ranged S3 GETs later. Every call may be a network
/// round trip, so <see cref="BundleReader"/> keeps their number small (one tail read, one central-directory read).
/// Implementations must allow concurrent reads at different offsets.
/// </summary>
public interface IRandomAccessSource
{
    /// <summary>Total length in bytes.</summary>
    long Length { get; }

    /// <summary>
    /// Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/>. Returns the number read, which is
    /// smaller only at the end of the source.
    /// </summary>
    ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken);
}

/// <summary>An <see cref="IRandomAccessSource"/> over a seekable stream (in-memory bundles, tests). Reads are serialised.</summary>
public sealed class StreamRandomAccessSource(Stream stream) : IRandomAccessSource, IDisposable
{
    private readonly Stream _stream = stream.CanSeek && stream.CanRead
        ? stream
        : throw new ArgumentException("The stream must be readable and seekable.", nameof(stream));
    private readonly SemaphoreSlim _gate = new(1, 1);

    public long Length => _stream.Length;

    public async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _stream.Position = offset;
            var total = 0;
            while (total < buffer.Length)
            {
                var read = await _stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    break;
                total += read;
            }
            return total;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}

/// <summary>Reading helpers every source gets.</summary>
public static class RandomAccessSourceExtensions
{
    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/> or throws when the source ends first.</summary>
    public static async ValueTask ReadExactlyAsync(this IRandomAccessSource source, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await source.ReadAsync(offset + total, buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read <= 0)
                throw new EndOfStreamException($"The source ended at {offset + total}, {buffer.Length - total} bytes short.");
            total += read;
        }
    }
}
