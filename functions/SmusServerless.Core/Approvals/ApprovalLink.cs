namespace SmusServerless.Core.Approvals;

/// <summary>What a link's signature vouches for: this approver may vote on this approval until this time.</summary>
public sealed record ApprovalLinkClaims(string ApprovalId, string Approver, DateTimeOffset ExpiresAt)
{
    public long ExpiresAtUnixSeconds => ExpiresAt.ToUnixTimeSeconds();

    internal byte[] LinkMessage() =>
        new CanonicalEncoding(ApprovalLinkSigner.LinkPurpose)
            .AddString(ApprovalId).AddString(Approver).AddInt64(ExpiresAtUnixSeconds).ToArray();

    internal byte[] FormNonceMessage() =>
        new CanonicalEncoding(ApprovalLinkSigner.FormNoncePurpose)
            .AddString(ApprovalId).AddString(Approver).AddInt64(ExpiresAtUnixSeconds).ToArray();
}

/// <summary>
/// One approver's link. The URL carries the signature, which is the link's bearer credential: whoever holds the
/// URL can vote as <see cref="Approver"/>. <see cref="ToString"/> redacts it so a logged record cannot leak it.
/// </summary>
public sealed record ApprovalLink(string Approver, DateTimeOffset ExpiresAt, string Url)
{
    public override string ToString() => $"ApprovalLink {{ Approver = {Approver}, ExpiresAt = {ExpiresAt:O}, Url = [redacted] }}";
}

/// <summary>The raw, untrusted credential fields taken from a request (query string or form).</summary>
public sealed record ApprovalLinkCredentials(string ApprovalId, string? Approver, string? Expiry, string? Signature)
{
    public override string ToString() => $"ApprovalLinkCredentials {{ ApprovalId = {ApprovalId}, Signature = [redacted] }}";
}

public enum LinkCheck
{
    Valid,
    /// <summary>A field is missing or not in its strict format (e.g. a padded or truncated signature).</summary>
    Malformed,
    /// <summary>Well-formed, but the signature does not match the fields: tampered, or signed with another key.</summary>
    InvalidSignature,
    /// <summary>Authentic, but its expiry has passed.</summary>
    Expired,
}

/// <summary>The verdict on a link; <see cref="Claims"/> is set only when the signature is authentic.</summary>
public sealed record LinkVerification(LinkCheck Check, ApprovalLinkClaims? Claims)
{
    public bool IsValid => Check == LinkCheck.Valid;
}
