using System.Globalization;

namespace SmusServerless.Core.Approvals;

/// <summary>
/// Signs and verifies per-approver links: HMAC-SHA256 over the canonical encoding of
/// (approval id, approver, expiry), and the page's form nonce (a MAC under a different purpose tag, bound to
/// the same fields, so a link signature is never a valid nonce and the other way round).
/// Link format: <c>{baseUrl}/approvals/{approvalId}?approver=...&amp;exp={unix seconds}&amp;sig={base64url}</c>.
/// </summary>
public sealed class ApprovalLinkSigner(IMacService mac)
{
    internal const string LinkPurpose = "smus-serverless/approval-link/v1";
    internal const string FormNoncePurpose = "smus-serverless/approval-form-nonce/v1";

    /// <summary>HMAC-SHA256 is 32 bytes: 43 base64url characters without padding.</summary>
    public const int SignatureLength = 43;
    private const int MacBytes = 32;
    private const int MaxExpiryDigits = 12;

    public async Task<ApprovalLink> CreateLinkAsync(Uri baseUrl, ApprovalLinkClaims claims, CancellationToken cancellationToken)
    {
        if (!ApprovalIdentifier.IsValid(claims.ApprovalId))
            throw new ArgumentException($"'{claims.ApprovalId}' is not a valid approval id", nameof(claims));
        if (!ApproverIdentity.IsValid(claims.Approver))
            throw new ArgumentException("the approver id is not valid", nameof(claims));
        var signature = await mac.GenerateMacAsync(claims.LinkMessage(), cancellationToken).ConfigureAwait(false);
        var url = $"{baseUrl.ToString().TrimEnd('/')}/approvals/{claims.ApprovalId}"
                  + $"?approver={Uri.EscapeDataString(claims.Approver)}"
                  + $"&exp={claims.ExpiresAtUnixSeconds.ToString(CultureInfo.InvariantCulture)}"
                  + $"&sig={Base64Url.Encode(signature)}";
        return new ApprovalLink(claims.Approver, DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAtUnixSeconds), url);
    }

    /// <summary>
    /// Checks format, then the signature (constant time, in the MAC adapter), then expiry: an "expired" verdict
    /// is only ever given for an authentic link, so it reveals nothing to someone guessing.
    /// A link is valid while <c>now &lt; exp</c>.
    /// </summary>
    public async Task<LinkVerification> VerifyAsync(ApprovalLinkCredentials credentials, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claims = ParseClaims(credentials);
        if (claims is null || !Base64Url.TryDecode(credentials.Signature, SignatureLength, MacBytes, out var signature))
            return new LinkVerification(LinkCheck.Malformed, null);
        if (!await mac.VerifyMacAsync(claims.LinkMessage(), signature, cancellationToken).ConfigureAwait(false))
            return new LinkVerification(LinkCheck.InvalidSignature, null);
        return now.ToUnixTimeSeconds() >= claims.ExpiresAtUnixSeconds
            ? new LinkVerification(LinkCheck.Expired, claims)
            : new LinkVerification(LinkCheck.Valid, claims);
    }

    public async Task<string> CreateFormNonceAsync(ApprovalLinkClaims claims, CancellationToken cancellationToken) =>
        Base64Url.Encode(await mac.GenerateMacAsync(claims.FormNonceMessage(), cancellationToken).ConfigureAwait(false));

    public async Task<bool> VerifyFormNonceAsync(ApprovalLinkClaims claims, string? nonce, CancellationToken cancellationToken) =>
        Base64Url.TryDecode(nonce, SignatureLength, MacBytes, out var bytes)
        && await mac.VerifyMacAsync(claims.FormNonceMessage(), bytes, cancellationToken).ConfigureAwait(false);

    private static ApprovalLinkClaims? ParseClaims(ApprovalLinkCredentials credentials)
    {
        if (!ApprovalIdentifier.IsValid(credentials.ApprovalId) || !ApproverIdentity.IsValid(credentials.Approver))
            return null;
        var exp = credentials.Expiry;
        // Strict digits with no leading zero, so one expiry has exactly one spelling.
        if (string.IsNullOrEmpty(exp) || exp.Length > MaxExpiryDigits || !exp.All(char.IsAsciiDigit) || (exp.Length > 1 && exp[0] == '0'))
            return null;
        var seconds = long.Parse(exp, NumberStyles.None, CultureInfo.InvariantCulture);
        if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return null;
        return new ApprovalLinkClaims(credentials.ApprovalId, credentials.Approver!, DateTimeOffset.FromUnixTimeSeconds(seconds));
    }
}

/// <summary>Base64url without padding (RFC 4648 §5), decoded strictly: exact length, alphabet only.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? text, int expectedChars, int expectedBytes, out byte[] bytes)
    {
        bytes = [];
        if (text is null || text.Length != expectedChars || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return false;
        var standard = text.Replace('-', '+').Replace('_', '/');
        standard = standard.PadRight(standard.Length + (4 - standard.Length % 4) % 4, '=');
        var buffer = new byte[expectedBytes + 3];
        if (!Convert.TryFromBase64String(standard, buffer, out var written) || written != expectedBytes)
            return false;
        bytes = buffer[..written];
        // Reject non-canonical trailing bits: re-encoding must give back the same text.
        return Encode(bytes) == text;
    }
}
