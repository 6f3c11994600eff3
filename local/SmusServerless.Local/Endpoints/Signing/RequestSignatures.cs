using System.Security.Cryptography;
using SmusServerless.Aws.Signing;
using SmusServerless.Local.Endpoints.Protocol;

namespace SmusServerless.Local.Endpoints.Signing;

/// <summary>
/// How the local endpoints check SigV4: with <see cref="SigV4Verifier"/>, the verifier of SmusServerless.Aws.Wire that
/// passes the official suites and shares its canonicalisation with the clients' signer. This class only builds it for
/// the local credentials and hands it a request as the endpoints read it.
/// </summary>
public static class RequestSignatures
{
    /// <summary>
    /// The verifier of requests signed with <paramref name="credentials"/>. <paramref name="allowedClockSkew"/> null
    /// leaves X-Amz-Date unchecked against the clock (the stack may run on a virtual clock); set it (AWS: 5 minutes)
    /// to refuse requests signed too far from <paramref name="clock"/>.
    /// </summary>
    public static SigV4Verifier Verifier(LocalAwsCredentials credentials, TimeProvider clock, TimeSpan? allowedClockSkew = null)
    {
        var known = new AwsCredentials(credentials.AccessKeyId, credentials.SecretAccessKey);
        var options = allowedClockSkew is { } skew
            ? new SigV4VerifierOptions { AllowedClockSkew = skew }
            : new SigV4VerifierOptions { CheckRequestTime = false };
        return new SigV4Verifier(
            (accessKeyId, _) => ValueTask.FromResult(accessKeyId == known.AccessKeyId ? known : null),
            clock,
            options);
    }

    /// <summary>Verifies a request as a local endpoint read it (raw path, decoded query, headers, body).</summary>
    public static ValueTask<SigV4VerificationResult> VerifyAsync(this SigV4Verifier verifier, AwsHttpRequest request, CancellationToken cancellationToken)
        => verifier.VerifyAsync(ToIncomingRequest(request), cancellationToken);

    /// <summary>
    /// The verifier's view of a request. The query was decoded when it was read; it is encoded again the way SigV4
    /// encodes it, which the verifier decodes back to the same pairs.
    /// </summary>
    public static IncomingRequest ToIncomingRequest(AwsHttpRequest request)
    {
        var rawQuery = request.Query.Count == 0
            ? null
            : string.Join('&', request.Query.Select(p => SigV4Canonicalizer.UriEncode(p.Key) + "=" + SigV4Canonicalizer.UriEncode(p.Value)));
        return new IncomingRequest(
            request.Method,
            request.Path.Split('?', 2)[0],
            rawQuery,
            [.. request.Headers],
            Convert.ToHexStringLower(SHA256.HashData(request.Body.Span)));
    }
}
