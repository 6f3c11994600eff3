using SmusServerless.Local.Endpoints.Protocol;

namespace SmusServerless.Local.Endpoints.Signing;

/// <summary>Checks the SigV4 signature of a request that reached a local endpoint.</summary>
public interface IRequestSignatureVerifier
{
    /// <param name="request">The request with its raw path and query, exactly as received.</param>
    ValueTask<SignatureVerification> VerifyAsync(AwsHttpRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// The outcome: on success the credential scope's service name (<c>datazone</c>, <c>states</c>, <c>events</c>), which
/// also routes the request; on failure the AWS error code (e.g. <c>InvalidSignatureException</c>) and a message that
/// never contains the signature or the secret.
/// </summary>
public sealed record SignatureVerification(bool IsValid, string? Service, string? ErrorCode, string? Message)
{
    public static SignatureVerification Valid(string service) => new(true, service, null, null);

    public static SignatureVerification Invalid(string errorCode, string message) => new(false, null, errorCode, message);
}
