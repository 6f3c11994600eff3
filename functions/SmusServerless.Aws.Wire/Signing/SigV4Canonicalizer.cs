using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SmusServerless.Aws.Signing;

/// <summary>
/// The pieces of AWS Signature Version 4 (canonical request, string to sign, signing key, signature),
/// public so that a server can verify incoming signatures with exactly the code that produces them.
/// </summary>
public static class SigV4Canonicalizer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>SigV4's time format, e.g. 20150830T123600Z.</summary>
    public static string FormatAmzDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string CredentialScope(string date, string region, string service) => $"{date}/{region}/{service}/aws4_request";

    /// <summary>
    /// The canonical URI of a path as it is sent on the wire: optionally normalised (dot segments and empty
    /// segments removed, as for every service but S3), then each segment URI-encoded. A wire path that is
    /// already percent-encoded is therefore encoded a second time, which is what non-S3 services expect.
    /// </summary>
    public static string CanonicalUri(string path, bool normalize)
    {
        if (string.IsNullOrEmpty(path))
            return "/";
        var encoded = new StringBuilder(path.Length + 16);
        if (normalize)
        {
            var stack = new List<string>();
            foreach (var segment in path.Split('/'))
            {
                if (segment.Length == 0 || segment == ".")
                    continue;
                if (segment == "..")
                {
                    if (stack.Count > 0)
                        stack.RemoveAt(stack.Count - 1);
                    continue;
                }
                stack.Add(segment);
            }
            foreach (var segment in stack)
                encoded.Append('/').Append(UriEncode(segment));
            var endsWithSlash = path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal) || path.EndsWith("/..", StringComparison.Ordinal);
            if (stack.Count == 0 || endsWithSlash)
                encoded.Append('/');
            return encoded.ToString();
        }
        var first = true;
        foreach (var segment in path.Split('/'))
        {
            if (!first)
                encoded.Append('/');
            encoded.Append(UriEncode(segment));
            first = false;
        }
        var result = encoded.ToString();
        return result.StartsWith('/') ? result : "/" + result;
    }

    /// <summary>Splits a raw query string (no leading '?') into decoded name/value pairs, in wire order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseQuery(string? rawQuery)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(rawQuery))
            return pairs;
        var query = rawQuery[0] == '?' ? rawQuery[1..] : rawQuery;
        foreach (var part in query.Split('&'))
        {
            if (part.Length == 0)
                continue;
            var eq = part.IndexOf('=');
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            // Form semantics, as the services apply them: '+' in a query means a space.
            pairs.Add(new(Uri.UnescapeDataString(name.Replace('+', ' ')), Uri.UnescapeDataString(value.Replace('+', ' '))));
        }
        return pairs;
    }

    /// <summary>Encodes each name and value, sorts by name then value (ordinal) and joins them.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> decodedPairs)
    {
        var encoded = decodedPairs
            .Select(p => (Name: UriEncode(p.Key), Value: UriEncode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', encoded.Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>
    /// Canonical headers and the signed-headers list: names lower-cased and sorted, values trimmed with
    /// inner runs of whitespace collapsed, repeated headers joined with ',' in the order they came.
    /// </summary>
    public static (string CanonicalHeaders, string SignedHeaders) CanonicalHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var grouped = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var key = name.Trim().ToLowerInvariant();
            if (!grouped.TryGetValue(key, out var values))
                grouped[key] = values = [];
            values.Add(CollapseWhitespace(value));
        }
        var canonical = new StringBuilder();
        foreach (var (name, values) in grouped)
            canonical.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        return (canonical.ToString(), string.Join(';', grouped.Keys));
    }

    public static string CanonicalRequest(string method, string canonicalUri, string canonicalQuery, string canonicalHeaders, string signedHeaders, string payloadHash)
        => $"{method}\n{canonicalUri}\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";

    public static string StringToSign(string amzDate, string credentialScope, string canonicalRequest)
        => $"{Algorithm}\n{amzDate}\n{credentialScope}\n{HexSha256(Encoding.UTF8.GetBytes(canonicalRequest))}";

    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var kDate = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
        var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(kService, "aws4_request"u8);
    }

    public static string Signature(byte[] signingKey, string stringToSign)
        => Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>RFC 3986 encoding as SigV4 defines it: everything but A-Z a-z 0-9 - . _ ~ as %XX of the UTF-8 bytes.</summary>
    public static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~')
            {
                builder.Append(c);
                continue;
            }
            var length = char.IsHighSurrogate(c) && i + 1 < value.Length
                ? Encoding.UTF8.GetBytes(value.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(value.AsSpan(i, 1), utf8);
            for (var b = 0; b < length; b++)
                builder.Append('%').Append(utf8[b].ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    private static string CollapseWhitespace(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace)
                builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }
        return builder.ToString();
    }
}
