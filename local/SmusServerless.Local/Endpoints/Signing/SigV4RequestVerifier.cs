using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SmusServerless.Local.Endpoints.Protocol;

namespace SmusServerless.Local.Endpoints.Signing;

/// <summary>
/// Verifies AWS Signature Version 4 (header form) against the local credentials: it rebuilds the canonical request
/// from what arrived (raw path, query, the signed headers, the payload hash), derives the signing key and compares
/// signatures in constant time. Clock skew is not checked: the stack may run on a virtual clock.
/// </summary>
public sealed class SigV4RequestVerifier(LocalAwsCredentials credentials) : IRequestSignatureVerifier
{
    private static readonly char[] HeaderWhitespace = [' ', '\t', '\r', '\n'];

    public ValueTask<SignatureVerification> VerifyAsync(AwsHttpRequest request, CancellationToken cancellationToken)
    {
        var authorization = request.Header("Authorization");
        if (authorization is null)
        {
            return Done(SignatureVerification.Invalid("MissingAuthenticationTokenException", "Missing Authentication Token: requests must be signed with SigV4."));
        }

        var parsed = SigV4AuthorizationHeader.TryParse(authorization);
        if (parsed is null)
        {
            return Done(SignatureVerification.Invalid("IncompleteSignatureException",
                "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' in the AWS4-HMAC-SHA256 form."));
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(parsed.AccessKeyId), Encoding.UTF8.GetBytes(credentials.AccessKeyId)))
        {
            return Done(SignatureVerification.Invalid("UnrecognizedClientException", "The security token included in the request is invalid (unknown access key)."));
        }

        var amzDate = request.Header("X-Amz-Date");
        if (amzDate is null || amzDate.Length < 8 || amzDate[..8] != parsed.Date)
        {
            return Done(SignatureVerification.Invalid("IncompleteSignatureException", "X-Amz-Date is missing or does not match the date of the credential scope."));
        }

        if (!parsed.SignedHeaders.Contains("host"))
        {
            return Done(SignatureVerification.Invalid("IncompleteSignatureException", "The host header must be signed."));
        }

        var canonicalRequest = CanonicalRequest(request, parsed.SignedHeaders);
        var stringToSign = string.Join('\n', SigV4AuthorizationHeader.Algorithm, amzDate, parsed.Scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = SigningKey(credentials.SecretAccessKey, parsed.Date, parsed.Region, parsed.Service);
        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parsed.Signature))
            ? Done(SignatureVerification.Valid(parsed.Service))
            : Done(SignatureVerification.Invalid("InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method."));
    }

    public static string CanonicalRequest(AwsHttpRequest request, IReadOnlyList<string> signedHeaders)
    {
        var canonicalPath = CanonicalPath(request.Path.Split('?', 2)[0]);
        var canonicalQuery = string.Join('&', request.Query
            .Select(q => (Key: UriEncode(q.Key), Value: UriEncode(q.Value)))
            .OrderBy(q => q.Key, StringComparer.Ordinal).ThenBy(q => q.Value, StringComparer.Ordinal)
            .Select(q => $"{q.Key}={q.Value}"));
        var canonicalHeaders = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            var value = request.Header(name) ?? "";
            canonicalHeaders.Append(name).Append(':').Append(string.Join(' ', value.Split(HeaderWhitespace, StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }

        var payloadHash = request.Header("X-Amz-Content-Sha256") ?? Hex(SHA256.HashData(request.Body.Span));
        return string.Join('\n', request.Method.ToUpperInvariant(), canonicalPath, canonicalQuery, canonicalHeaders.ToString(), string.Join(';', signedHeaders), payloadHash);
    }

    /// <summary>
    /// The path as signers outside S3 see it: dot segments and empty segments removed (RFC 3986 normalisation), then each
    /// segment URI-encoded once more (the SDKs sign the already-encoded path).
    /// </summary>
    public static string CanonicalPath(string rawPath)
    {
        var segments = new List<string>();
        foreach (var segment in rawPath.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(UriEncode(segment));
        }

        var path = "/" + string.Join('/', segments);
        return segments.Count > 0 && (rawPath.EndsWith('/') || rawPath.EndsWith("/.", StringComparison.Ordinal) || rawPath.EndsWith("/..", StringComparison.Ordinal))
            ? path + "/"
            : path;
    }

    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var kDate = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
        var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(kService, "aws4_request"u8);
    }

    /// <summary>RFC 3986 encoding as SigV4 wants it: unreserved characters kept, everything else %XX (upper case).</summary>
    public static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length * 2);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static ValueTask<SignatureVerification> Done(SignatureVerification result) => ValueTask.FromResult(result);
}
