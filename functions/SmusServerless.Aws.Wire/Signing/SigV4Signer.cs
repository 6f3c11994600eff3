namespace SmusServerless.Aws.Signing;

/// <summary>An HTTP request to sign, as it will go on the wire.</summary>
/// <param name="Method">HTTP method, e.g. GET.</param>
/// <param name="Path">The path as sent (percent-encoded where needed), e.g. <c>/v2/domains/dzd_1</c>.</param>
/// <param name="Query">The raw query string without '?', or null.</param>
/// <param name="Headers">The headers to sign (Host included); repeated names are allowed.</param>
/// <param name="PayloadHash">Lower-case hex SHA-256 of the body (or UNSIGNED-PAYLOAD).</param>
public sealed record SigV4Request(
    string Method,
    string Path,
    string? Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadHash);

/// <summary>Who signs, for what, and when.</summary>
public sealed record SigV4Scope(AwsCredentials Credentials, string Region, string Service, DateTimeOffset SigningTime);

/// <summary>Variations the SigV4 test suites exercise.</summary>
public sealed record SigV4Options
{
    /// <summary>Remove dot and empty path segments before encoding (every service except S3).</summary>
    public bool NormalizePath { get; init; } = true;

    /// <summary>Add the session token after signing instead of signing it (a few services want this).</summary>
    public bool OmitSessionTokenFromSignature { get; init; }

    /// <summary>Also send and sign <c>x-amz-content-sha256</c> with the payload hash.</summary>
    public bool AddContentSha256Header { get; init; }

    public static SigV4Options Default { get; } = new();
}

/// <summary>The signature and every intermediate piece; <see cref="HeadersToAdd"/> must all go on the request.</summary>
public sealed record SigV4Signature(
    string CanonicalRequest,
    string StringToSign,
    string Signature,
    string SignedHeaders,
    string CredentialScope,
    string Authorization,
    IReadOnlyList<KeyValuePair<string, string>> HeadersToAdd)
{
    // The signature authorises the request until it expires: keep it out of logs.
    public override string ToString() => $"SigV4Signature {{ SignedHeaders = {SignedHeaders}, CredentialScope = {CredentialScope}, Signature = *** }}";
}

/// <summary>A query-string (presigned) signature: <see cref="SignedQuery"/> replaces the request's query.</summary>
public sealed record SigV4PresignedRequest(string CanonicalRequest, string StringToSign, string Signature, string SignedHeaders, string SignedQuery)
{
    public override string ToString() => $"SigV4PresignedRequest {{ SignedHeaders = {SignedHeaders}, Signature = *** }}";
}

/// <summary>AWS Signature Version 4 (HMAC-SHA256) for headers and for presigned query strings. SigV4a is not implemented.</summary>
public static class SigV4Signer
{
    public const string AmzDateHeader = "X-Amz-Date";
    public const string SecurityTokenHeader = "X-Amz-Security-Token";
    public const string ContentSha256Header = "x-amz-content-sha256";

    /// <summary>Signs with the Authorization header.</summary>
    public static SigV4Signature Sign(SigV4Request request, SigV4Scope scope, SigV4Options? options = null)
    {
        options ??= SigV4Options.Default;
        var amzDate = SigV4Canonicalizer.FormatAmzDate(scope.SigningTime);
        var date = amzDate[..8];
        var credentialScope = SigV4Canonicalizer.CredentialScope(date, scope.Region, scope.Service);

        var added = new List<KeyValuePair<string, string>> { new(AmzDateHeader, amzDate) };
        var token = scope.Credentials.SessionToken;
        if (token is not null && !options.OmitSessionTokenFromSignature)
            added.Add(new(SecurityTokenHeader, token));
        if (options.AddContentSha256Header)
            added.Add(new(ContentSha256Header, request.PayloadHash));

        // Headers we set replace any stale copies the caller passed in (e.g. an X-Amz-Date from a previous attempt).
        var signed = request.Headers
            .Where(h => !added.Any(a => a.Key.Equals(h.Key, StringComparison.OrdinalIgnoreCase))
                        && !h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            .Concat(added)
            .ToList();
        var (canonicalHeaders, signedHeaders) = SigV4Canonicalizer.CanonicalHeaders(signed);
        var canonicalRequest = SigV4Canonicalizer.CanonicalRequest(
            request.Method,
            SigV4Canonicalizer.CanonicalUri(request.Path, options.NormalizePath),
            SigV4Canonicalizer.CanonicalQuery(SigV4Canonicalizer.ParseQuery(request.Query)),
            canonicalHeaders,
            signedHeaders,
            request.PayloadHash);
        var stringToSign = SigV4Canonicalizer.StringToSign(amzDate, credentialScope, canonicalRequest);
        var signature = SigV4Canonicalizer.Signature(
            SigV4Canonicalizer.SigningKey(scope.Credentials.SecretAccessKey, date, scope.Region, scope.Service), stringToSign);
        var authorization = $"{SigV4Canonicalizer.Algorithm} Credential={scope.Credentials.AccessKeyId}/{credentialScope}, SignedHeaders={signedHeaders}, Signature={signature}";

        if (token is not null && options.OmitSessionTokenFromSignature)
            added.Add(new(SecurityTokenHeader, token));
        added.Add(new("Authorization", authorization));
        return new SigV4Signature(canonicalRequest, stringToSign, signature, signedHeaders, credentialScope, authorization, added);
    }

    /// <summary>Signs in the query string, valid for <paramref name="expires"/> (1 second to 7 days).</summary>
    public static SigV4PresignedRequest Presign(SigV4Request request, SigV4Scope scope, TimeSpan expires, SigV4Options? options = null)
    {
        options ??= SigV4Options.Default;
        if (expires < TimeSpan.FromSeconds(1) || expires > TimeSpan.FromDays(7))
            throw new ArgumentOutOfRangeException(nameof(expires), expires, "A presigned request is valid for 1 second to 7 days.");
        var amzDate = SigV4Canonicalizer.FormatAmzDate(scope.SigningTime);
        var date = amzDate[..8];
        var credentialScope = SigV4Canonicalizer.CredentialScope(date, scope.Region, scope.Service);
        var (canonicalHeaders, signedHeaders) = SigV4Canonicalizer.CanonicalHeaders(request.Headers);

        var authParameters = new List<KeyValuePair<string, string>>
        {
            new("X-Amz-Algorithm", SigV4Canonicalizer.Algorithm),
            new("X-Amz-Credential", $"{scope.Credentials.AccessKeyId}/{credentialScope}"),
            new("X-Amz-Date", amzDate),
            new("X-Amz-SignedHeaders", signedHeaders),
            new("X-Amz-Expires", ((long)expires.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        var token = scope.Credentials.SessionToken;
        if (token is not null && !options.OmitSessionTokenFromSignature)
            authParameters.Add(new("X-Amz-Security-Token", token));

        var canonicalRequest = SigV4Canonicalizer.CanonicalRequest(
            request.Method,
            SigV4Canonicalizer.CanonicalUri(request.Path, options.NormalizePath),
            SigV4Canonicalizer.CanonicalQuery(SigV4Canonicalizer.ParseQuery(request.Query).Concat(authParameters)),
            canonicalHeaders,
            signedHeaders,
            request.PayloadHash);
        var stringToSign = SigV4Canonicalizer.StringToSign(amzDate, credentialScope, canonicalRequest);
        var signature = SigV4Canonicalizer.Signature(
            SigV4Canonicalizer.SigningKey(scope.Credentials.SecretAccessKey, date, scope.Region, scope.Service), stringToSign);

        if (token is not null && options.OmitSessionTokenFromSignature)
            authParameters.Add(new("X-Amz-Security-Token", token));
        authParameters.Add(new("X-Amz-Signature", signature));
        var appended = string.Join('&', authParameters.Select(p => p.Key + "=" + SigV4Canonicalizer.UriEncode(p.Value)));
        var signedQuery = string.IsNullOrEmpty(request.Query) ? appended : request.Query.TrimStart('?') + "&" + appended;
        return new SigV4PresignedRequest(canonicalRequest, stringToSign, signature, signedHeaders, signedQuery);
    }
}
