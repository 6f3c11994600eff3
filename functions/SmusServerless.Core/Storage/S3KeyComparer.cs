using System.Text;

namespace SmusServerless.Core.Storage;

/// <summary>
/// Orders keys as S3 lists them: by their UTF-8 bytes. Ordinal UTF-16 comparison differs for characters above
/// U+FFFF versus U+E000..U+FFFF, so it cannot be used to page listings consistently with S3.
/// </summary>
public sealed class S3KeyComparer : IComparer<string>
{
    public static S3KeyComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        Span<byte> xBuffer = stackalloc byte[4];
        Span<byte> yBuffer = stackalloc byte[4];
        var xi = 0;
        var yi = 0;
        while (true)
        {
            var xEnd = xi >= x.Length;
            var yEnd = yi >= y.Length;
            if (xEnd || yEnd)
                return xEnd && yEnd ? 0 : xEnd ? -1 : 1;
            // Compare one scalar at a time by its UTF-8 encoding; equal scalars have equal encodings.
            Rune.DecodeFromUtf16(x.AsSpan(xi), out var xr, out var xUsed);
            Rune.DecodeFromUtf16(y.AsSpan(yi), out var yr, out var yUsed);
            if (xr != yr)
            {
                var xLength = xr.EncodeToUtf8(xBuffer);
                var yLength = yr.EncodeToUtf8(yBuffer);
                var order = xBuffer[..xLength].SequenceCompareTo(yBuffer[..yLength]);
                if (order != 0) return order;
            }
            xi += xUsed;
            yi += yUsed;
        }
    }
}
