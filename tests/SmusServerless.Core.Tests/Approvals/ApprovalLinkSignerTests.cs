using SmusServerless.Core.Approvals;

namespace SmusServerless.Core.Tests.Approvals;

public class ApprovalLinkSignerTests
{
    private static readonly Uri BaseUrl = new("https://approvals.example.com/");
    private static readonly DateTimeOffset Expiry = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);
    private static readonly DateTimeOffset BeforeExpiry = Expiry.AddHours(-1);
    private readonly ApprovalLinkSigner _signer = new(new HmacMacService("link-key"));

    private async Task<ApprovalLinkCredentials> SignedAsync(string approvalId = "run-1-prod", string approver = "bob@example.com")
    {
        var link = await _signer.CreateLinkAsync(BaseUrl, new ApprovalLinkClaims(approvalId, approver, Expiry), default);
        return CredentialsOf(link.Url);
    }

    internal static ApprovalLinkCredentials CredentialsOf(string url)
    {
        var uri = new Uri(url);
        var query = uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        return new ApprovalLinkCredentials(uri.AbsolutePath["/approvals/".Length..], query["approver"], query["exp"], query["sig"]);
    }

    [Fact]
    public async Task Link_names_the_approval_approver_and_expiry_and_carries_a_43_character_signature()
    {
        var link = await _signer.CreateLinkAsync(BaseUrl, new ApprovalLinkClaims("run-1-prod", "bob+ops@example.com", Expiry), default);

        Assert.StartsWith("https://approvals.example.com/approvals/run-1-prod?approver=bob%2Bops%40example.com&exp=1900000000&sig=", link.Url);
        Assert.Equal(ApprovalLinkSigner.SignatureLength, CredentialsOf(link.Url).Signature!.Length);
    }

    [Fact]
    public async Task Untampered_link_is_valid_before_its_expiry()
    {
        var verdict = await _signer.VerifyAsync(await SignedAsync(), BeforeExpiry, default);

        Assert.Equal(LinkCheck.Valid, verdict.Check);
        Assert.Equal(new ApprovalLinkClaims("run-1-prod", "bob@example.com", Expiry), verdict.Claims);
    }

    public static TheoryData<string> TamperedFields => new() { "approvalId", "approver", "exp", "sig" };

    [Theory]
    [MemberData(nameof(TamperedFields))]
    public async Task Changing_any_signed_field_invalidates_the_signature(string field)
    {
        var good = await SignedAsync();
        var tampered = field switch
        {
            "approvalId" => good with { ApprovalId = "run-2-prod" },
            "approver" => good with { Approver = "mallory@example.com" },
            "exp" => good with { Expiry = "1900086400" },
            _ => good with { Signature = FlipFirstChar(good.Signature!) },
        };

        var verdict = await _signer.VerifyAsync(tampered, BeforeExpiry, default);

        Assert.Equal(LinkCheck.InvalidSignature, verdict.Check);
        Assert.Null(verdict.Claims);
    }

    [Fact]
    public async Task Link_is_expired_at_the_exact_expiry_second()
    {
        Assert.Equal(LinkCheck.Expired, (await _signer.VerifyAsync(await SignedAsync(), Expiry, default)).Check);
    }

    [Fact]
    public async Task Link_is_valid_one_second_before_expiry()
    {
        Assert.Equal(LinkCheck.Valid, (await _signer.VerifyAsync(await SignedAsync(), Expiry.AddSeconds(-1), default)).Check);
    }

    [Fact]
    public async Task Extending_the_expiry_of_an_expired_link_does_not_revive_it()
    {
        var extended = await SignedAsync() with { Expiry = Expiry.AddDays(30).ToUnixTimeSeconds().ToString() };

        Assert.Equal(LinkCheck.InvalidSignature, (await _signer.VerifyAsync(extended, Expiry.AddDays(1), default)).Check);
    }

    [Fact]
    public async Task Link_signed_with_another_key_is_invalid()
    {
        var otherKeySigner = new ApprovalLinkSigner(new HmacMacService("another-key"));
        var link = await otherKeySigner.CreateLinkAsync(BaseUrl, new ApprovalLinkClaims("run-1-prod", "bob@example.com", Expiry), default);

        Assert.Equal(LinkCheck.InvalidSignature, (await _signer.VerifyAsync(CredentialsOf(link.Url), BeforeExpiry, default)).Check);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("padded")]
    [InlineData("extended")]
    [InlineData("standard-base64")]
    [InlineData("empty")]
    [InlineData("missing")]
    public async Task Signature_not_in_strict_base64url_form_is_malformed(string variant)
    {
        var good = await SignedAsync();
        var sig = good.Signature!;
        var mangled = variant switch
        {
            "truncated" => sig[..^1],
            "padded" => sig + "=",
            "extended" => sig + "A",
            "standard-base64" => "+" + sig[1..],
            "empty" => "",
            _ => null,
        };

        Assert.Equal(LinkCheck.Malformed, (await _signer.VerifyAsync(good with { Signature = mangled }, BeforeExpiry, default)).Check);
    }

    [Fact]
    public async Task Signature_with_non_canonical_trailing_bits_is_malformed()
    {
        var good = await SignedAsync();
        // The last of 43 characters carries 2 unused bits; a different character with the same payload bits must not pass.
        var last = good.Signature![^1];
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var index = alphabet.IndexOf(last);
        var sibling = alphabet[(index & ~3) | ((index + 1) & 3)];

        Assert.Equal(LinkCheck.Malformed, (await _signer.VerifyAsync(good with { Signature = good.Signature[..^1] + sibling }, BeforeExpiry, default)).Check);
    }

    [Theory]
    [InlineData("01900000000")]
    [InlineData("-1")]
    [InlineData("19e8")]
    [InlineData("")]
    [InlineData("9999999999999")]
    public async Task Expiry_not_in_canonical_decimal_form_is_malformed(string exp)
    {
        Assert.Equal(LinkCheck.Malformed, (await _signer.VerifyAsync(await SignedAsync() with { Expiry = exp }, BeforeExpiry, default)).Check);
    }

    [Fact]
    public async Task Fields_are_length_prefixed_so_moving_characters_between_them_breaks_the_signature()
    {
        // "ab" + "c@x.io" and "a" + "bc@x.io" concatenate to the same text.
        var signed = await SignedAsync(approvalId: "ab", approver: "c@x.io");
        var shifted = signed with { ApprovalId = "a", Approver = "bc@x.io" };

        Assert.Equal(LinkCheck.InvalidSignature, (await _signer.VerifyAsync(shifted, BeforeExpiry, default)).Check);
    }

    [Fact]
    public void Canonical_encoding_differs_for_differently_split_fields()
    {
        var one = new CanonicalEncoding("p").AddString("ab").AddString("c").ToArray();
        var two = new CanonicalEncoding("p").AddString("a").AddString("bc").ToArray();

        Assert.NotEqual(one, two);
    }

    [Fact]
    public async Task Form_nonce_is_not_accepted_as_a_link_signature()
    {
        var claims = new ApprovalLinkClaims("run-1-prod", "bob@example.com", Expiry);
        var nonce = await _signer.CreateFormNonceAsync(claims, default);
        var forged = new ApprovalLinkCredentials("run-1-prod", "bob@example.com", "1900000000", nonce);

        Assert.Equal(LinkCheck.InvalidSignature, (await _signer.VerifyAsync(forged, BeforeExpiry, default)).Check);
    }

    [Fact]
    public async Task Link_signature_is_not_accepted_as_a_form_nonce()
    {
        var good = await SignedAsync();
        var claims = new ApprovalLinkClaims(good.ApprovalId, good.Approver!, Expiry);

        Assert.False(await _signer.VerifyFormNonceAsync(claims, good.Signature, default));
        Assert.True(await _signer.VerifyFormNonceAsync(claims, await _signer.CreateFormNonceAsync(claims, default), default));
    }

    [Fact]
    public async Task Form_nonce_of_one_approver_does_not_verify_for_another()
    {
        var bob = new ApprovalLinkClaims("run-1-prod", "bob@example.com", Expiry);
        var carol = bob with { Approver = "carol@example.com" };

        Assert.False(await _signer.VerifyFormNonceAsync(carol, await _signer.CreateFormNonceAsync(bob, default), default));
    }

    [Fact]
    public async Task Printing_a_link_or_its_credentials_does_not_reveal_the_signature()
    {
        var link = await _signer.CreateLinkAsync(BaseUrl, new ApprovalLinkClaims("run-1-prod", "bob@example.com", Expiry), default);
        var signature = CredentialsOf(link.Url).Signature!;

        Assert.DoesNotContain(signature, link.ToString());
        Assert.DoesNotContain(signature, CredentialsOf(link.Url).ToString());
    }

    private static string FlipFirstChar(string sig) => (sig[0] == 'A' ? "B" : "A") + sig[1..];
}
