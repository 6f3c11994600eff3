using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SmusServerless.Aws.Signing;

/// <summary>An incoming request as the server received it.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="RawPath">The path exactly as on the wire (before any decoding, e.g. ASP.NET's RawTarget without the query).</param>
/// <param name="RawQuery">The raw query string (with or without '?'), or null.</param>
/// <param name="Headers">Every received header; a repeated header appears once per value.</param>
/// <param name="BodySha256">Lower-case hex SHA-256 of the received body.</param>
public sealed record IncomingRequest(
    string Method,
    string RawPath,
    string? RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string BodySha256);

/// <summary>Why a signature was refused (no secret or signature is ever included).</summary>
public enum SigV4Failure
{
    None,
    MissingAuthentication,
    MalformedAuthentication,
    UnsupportedAlgorithm,
    UnknownAccessKey,
    ScopeMismatch,
    RequestTimeTooSkewed,
    Expired,
    HostNotSigned,
    BodyHashMismatch,
    SignatureMismatch,
}

/// <summary>
/// The outcome of a verification. <see cref="Detail"/> says what was wrong for a log; <see cref="ErrorCode"/> and
/// <see cref="Message"/> are what a service answers, worded as AWS words them. None of them ever holds the
/// signature, the secret or a session token.
/// </summary>
public sealed record SigV4VerificationResult(SigV4Failure Failure, string Detail, string? AccessKeyId, string? Region, string? Service)
{
    public bool IsValid => Failure == SigV4Failure.None;

    /// <summary>The AWS error code of the JSON protocols for this failure (null when valid).</summary>
    public string? ErrorCode => Failure switch
    {
        SigV4Failure.None => null,
        SigV4Failure.MissingAuthentication => "MissingAuthenticationTokenException",
        SigV4Failure.MalformedAuthentication or SigV4Failure.UnsupportedAlgorithm or SigV4Failure.HostNotSigned => "IncompleteSignatureException",
        SigV4Failure.UnknownAccessKey => "UnrecognizedClientException",
        _ => "InvalidSignatureException",
    };

    /// <summary>The error message for the caller (null when valid); defaults to the AWS wording of the failure.</summary>
    public string? Message
    {
        get => _message ?? Failure switch
        {
            SigV4Failure.None => null,
            SigV4Failure.MissingAuthentication => "Missing Authentication Token",
            SigV4Failure.UnknownAccessKey => "The security token included in the request is invalid.",
            SigV4Failure.HostNotSigned => "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
            SigV4Failure.SignatureMismatch => "The request signature we calculated does not match the signature you provided. "
                + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
            _ => Detail,
        };
        init => _message = value;
    }

    private readonly string? _message;
}

/// <summary>Finds the secret for an access key id, or null when the key is unknown.</summary>
public delegate ValueTask<AwsCredentials?> CredentialLookup(string accessKeyId, CancellationToken cancellationToken);

/// <summary>
/// Verifies SigV4 signatures (Authorization header or presigned query) with the same canonicalisation
/// as <see cref="SigV4Signer"/>; signatures are compared in constant time.
/// </summary>
public sealed class SigV4Verifier(CredentialLookup lookup, TimeProvider timeProvider, SigV4VerifierOptions? options = null)
{
    private readonly SigV4VerifierOptions _options = options ?? new SigV4VerifierOptions();

    public async ValueTask<SigV4VerificationResult> VerifyAsync(IncomingRequest request, CancellationToken cancellationToken = default)
    {
        var query = SigV4Canonicalizer.ParseQuery(request.RawQuery);
        var authorization = Header(request.Headers, "Authorization");
        ParsedAuthentication parsed;
        if (authorization is not null)
        {
            var fromHeader = ParseAuthorizationHeader(authorization, Header(request.Headers, "X-Amz-Date"));
            if (fromHeader.Failure is { } headerFailure)
                return headerFailure;
            parsed = fromHeader.Value!;
        }
        else if (query.Any(p => p.Key == "X-Amz-Signature"))
        {
            var fromQuery = ParseQueryAuthentication(query);
            if (fromQuery.Failure is { } queryFailure)
                return queryFailure;
            parsed = fromQuery.Value!;
        }
        else
        {
            return Fail(SigV4Failure.MissingAuthentication, "The request has neither an Authorization header nor a presigned query.");
        }

        var scopeParts = parsed.Credential.Split('/');
        if (scopeParts.Length != 5 || scopeParts[4] != "aws4_request")
            return Fail(SigV4Failure.MalformedAuthentication, "The credential must be <key>/<yyyyMMdd>/<region>/<service>/aws4_request.");
        var (accessKeyId, date, region, service) = (scopeParts[0], scopeParts[1], scopeParts[2], scopeParts[3]);
        if (!DateTimeOffset.TryParseExact(parsed.AmzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
            return Fail(SigV4Failure.MalformedAuthentication, "X-Amz-Date must look like 20150830T123600Z.", accessKeyId);
        if (!parsed.AmzDate.StartsWith(date, StringComparison.Ordinal))
            return Fail(SigV4Failure.ScopeMismatch, "The credential scope date differs from X-Amz-Date.", accessKeyId) with
            {
                Message = $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{date}' != '{parsed.AmzDate[..Math.Min(8, parsed.AmzDate.Length)]}', from '{parsed.AmzDate}'.",
            };
        if (_options.ExpectedRegion is { } expectedRegion && expectedRegion != region)
            return Fail(SigV4Failure.ScopeMismatch, $"The request is signed for region '{region}', expected '{expectedRegion}'.", accessKeyId) with
            {
                Message = $"Credential should be scoped to a valid region, not '{region}'.",
            };
        if (_options.ExpectedService is { } expectedService && expectedService != service)
            return Fail(SigV4Failure.ScopeMismatch, $"The request is signed for service '{service}', expected '{expectedService}'.", accessKeyId) with
            {
                Message = $"Credential should be scoped to correct service: '{expectedService}'.",
            };

        var now = timeProvider.GetUtcNow();
        var skew = _options.AllowedClockSkew;
        if (parsed.Expires is { } expires)
        {
            if (now > signedAt + expires || now < signedAt - skew)
                return Fail(SigV4Failure.Expired, "The presigned request has expired or is not valid yet.", accessKeyId);
        }
        else if (_options.CheckRequestTime && (now - signedAt).Duration() > skew)
        {
            var minutes = skew.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture);
            return Fail(SigV4Failure.RequestTimeTooSkewed, $"The request time differs from the server time by more than {skew}.", accessKeyId) with
            {
                Message = signedAt < now
                    ? $"Signature expired: {parsed.AmzDate} is now earlier than {SigV4Canonicalizer.FormatAmzDate(now - skew)} ({SigV4Canonicalizer.FormatAmzDate(now)} - {minutes} min.)"
                    : $"Signature not yet current: {parsed.AmzDate} is still later than {SigV4Canonicalizer.FormatAmzDate(now + skew)} ({SigV4Canonicalizer.FormatAmzDate(now)} + {minutes} min.)",
            };
        }

        var signedNames = parsed.SignedHeaders.Split(';');
        if (!signedNames.Contains("host"))
            return Fail(SigV4Failure.HostNotSigned, "The host header must be signed.", accessKeyId);

        var payloadHash = request.BodySha256;
        var contentSha = Header(request.Headers, SigV4Signer.ContentSha256Header);
        if (contentSha is not null && contentSha != SigV4Canonicalizer.UnsignedPayload)
        {
            if (!string.Equals(contentSha, request.BodySha256, StringComparison.OrdinalIgnoreCase))
                return Fail(SigV4Failure.BodyHashMismatch, "x-amz-content-sha256 does not match the body.", accessKeyId);
            payloadHash = contentSha;
        }
        else if (contentSha is not null)
        {
            payloadHash = contentSha;
        }

        var credentials = await lookup(accessKeyId, cancellationToken).ConfigureAwait(false);
        if (credentials is null)
            return Fail(SigV4Failure.UnknownAccessKey, $"The access key id '{accessKeyId}' is not known.", accessKeyId);

        var signedHeaderValues = request.Headers.Where(h => signedNames.Contains(h.Key.Trim().ToLowerInvariant())).ToList();
        var (canonicalHeaders, canonicalSignedHeaders) = SigV4Canonicalizer.CanonicalHeaders(signedHeaderValues);
        if (canonicalSignedHeaders != parsed.SignedHeaders)
            return Fail(SigV4Failure.SignatureMismatch, "A signed header is missing from the request.", accessKeyId);
        var canonicalQuery = SigV4Canonicalizer.CanonicalQuery(parsed.FromQuery ? query.Where(p => p.Key != "X-Amz-Signature") : query);
        var canonicalRequest = SigV4Canonicalizer.CanonicalRequest(
            request.Method, SigV4Canonicalizer.CanonicalUri(request.RawPath, _options.NormalizePath), canonicalQuery,
            canonicalHeaders, canonicalSignedHeaders, payloadHash);
        var stringToSign = SigV4Canonicalizer.StringToSign(parsed.AmzDate, SigV4Canonicalizer.CredentialScope(date, region, service), canonicalRequest);
        var expected = SigV4Canonicalizer.Signature(SigV4Canonicalizer.SigningKey(credentials.SecretAccessKey, date, region, service), stringToSign);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parsed.Signature)))
            return Fail(SigV4Failure.SignatureMismatch, "The signature does not match the request.", accessKeyId);
        return new SigV4VerificationResult(SigV4Failure.None, "Valid.", accessKeyId, region, service);
    }

    private sealed record ParsedAuthentication(string Credential, string SignedHeaders, string Signature, string AmzDate, TimeSpan? Expires, bool FromQuery);

    private readonly record struct ParseOutcome(ParsedAuthentication? Value, SigV4VerificationResult? Failure);

    private static ParseOutcome ParseAuthorizationHeader(string authorization, string? amzDate)
    {
        var space = authorization.IndexOf(' ');
        if (space < 0)
            return new(null, Fail(SigV4Failure.MalformedAuthentication, "The Authorization header has no algorithm."));
        if (authorization[..space] != SigV4Canonicalizer.Algorithm)
            return new(null, Fail(SigV4Failure.UnsupportedAlgorithm, $"Only {SigV4Canonicalizer.Algorithm} is supported."));
        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in authorization[(space + 1)..].Split(','))
        {
            var kv = part.Trim();
            var eq = kv.IndexOf('=');
            if (eq < 0)
                continue;
            var value = kv[(eq + 1)..];
            switch (kv[..eq])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
            }
        }
        if (credential is null || signedHeaders is null || signature is null)
            return new(null, Fail(SigV4Failure.MalformedAuthentication, "The Authorization header needs Credential, SignedHeaders and Signature."));
        if (amzDate is null)
            return new(null, Fail(SigV4Failure.MalformedAuthentication, "A header-signed request needs an X-Amz-Date header."));
        return new(new ParsedAuthentication(credential, signedHeaders, signature, amzDate, null, false), null);
    }

    private static ParseOutcome ParseQueryAuthentication(IReadOnlyList<KeyValuePair<string, string>> query)
    {
        string? Get(string name) => query.FirstOrDefault(p => p.Key == name).Value;
        if (Get("X-Amz-Algorithm") != SigV4Canonicalizer.Algorithm)
            return new(null, Fail(SigV4Failure.UnsupportedAlgorithm, $"Only {SigV4Canonicalizer.Algorithm} is supported."));
        var (credential, signedHeaders, signature, amzDate, expires) =
            (Get("X-Amz-Credential"), Get("X-Amz-SignedHeaders"), Get("X-Amz-Signature"), Get("X-Amz-Date"), Get("X-Amz-Expires"));
        if (credential is null || signedHeaders is null || signature is null || amzDate is null || expires is null
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return new(null, Fail(SigV4Failure.MalformedAuthentication, "A presigned query needs X-Amz-Credential, -Date, -Expires, -SignedHeaders and -Signature."));
        return new(new ParsedAuthentication(credential, signedHeaders, signature, amzDate, TimeSpan.FromSeconds(seconds), true), null);
    }

    private static string? Header(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var (key, value) in headers)
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
                return value;
        return null;
    }

    private static SigV4VerificationResult Fail(SigV4Failure failure, string detail, string? accessKeyId = null)
        => new(failure, detail, accessKeyId, null, null);
}

/// <summary>Verification settings.</summary>
public sealed record SigV4VerifierOptions
{
    /// <summary>How far X-Amz-Date may be from the server clock (AWS allows 5 minutes).</summary>
    public TimeSpan AllowedClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether a header-signed request's X-Amz-Date is checked against the clock (<see cref="AllowedClockSkew"/>).
    /// AWS always checks it; a local stack whose clock is virtual turns it off. Presigned expiry is checked either way.
    /// </summary>
    public bool CheckRequestTime { get; init; } = true;

    /// <summary>When set, requests signed for another region are refused.</summary>
    public string? ExpectedRegion { get; init; }

    /// <summary>When set, requests signed for another service (signing name) are refused.</summary>
    public string? ExpectedService { get; init; }

    /// <summary>False only for S3-style endpoints.</summary>
    public bool NormalizePath { get; init; } = true;
}
