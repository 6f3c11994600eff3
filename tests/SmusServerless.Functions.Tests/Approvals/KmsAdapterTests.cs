using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using SmusServerless.Aws.Kms;

namespace SmusServerless.Functions.Tests.Approvals;

public class KmsMacServiceTests
{
    private readonly IAmazonKeyManagementService _kms = Substitute.For<IAmazonKeyManagementService>();

    [Fact]
    public async Task Generates_hmac_sha_256_with_the_configured_key()
    {
        GenerateMacRequest? sent = null;
        _kms.GenerateMacAsync(Arg.Do<GenerateMacRequest>(r => sent = r), Arg.Any<CancellationToken>())
            .Returns(new GenerateMacResponse { Mac = new MemoryStream([9, 9]) });

        var mac = await new KmsMacService(_kms, "alias/approval-links").GenerateMacAsync("msg"u8.ToArray(), default);

        Assert.Equal(new byte[] { 9, 9 }, mac);
        Assert.Equal(("alias/approval-links", MacAlgorithmSpec.HMAC_SHA_256), (sent!.KeyId, sent.MacAlgorithm));
        Assert.Equal("msg", Encoding.UTF8.GetString(sent.Message.ToArray()));
    }

    [Fact]
    public async Task Invalid_mac_reported_by_kms_means_not_valid()
    {
        _kms.VerifyMacAsync(Arg.Any<VerifyMacRequest>(), Arg.Any<CancellationToken>()).ThrowsAsync(new KMSInvalidMacException("invalid"));

        Assert.False(await new KmsMacService(_kms, "k").VerifyMacAsync("m"u8.ToArray(), new byte[32], default));
    }

    [Fact]
    public async Task Valid_mac_reported_by_kms_is_valid()
    {
        _kms.VerifyMacAsync(Arg.Any<VerifyMacRequest>(), Arg.Any<CancellationToken>()).Returns(new VerifyMacResponse { MacValid = true });

        Assert.True(await new KmsMacService(_kms, "k").VerifyMacAsync("m"u8.ToArray(), new byte[32], default));
    }

    [Fact]
    public async Task Other_kms_failures_are_not_mistaken_for_an_invalid_link()
    {
        _kms.VerifyMacAsync(Arg.Any<VerifyMacRequest>(), Arg.Any<CancellationToken>()).ThrowsAsync(new DisabledException("key disabled"));

        await Assert.ThrowsAsync<DisabledException>(() => new KmsMacService(_kms, "k").VerifyMacAsync("m"u8.ToArray(), new byte[32], default));
    }
}

public class KmsTaskTokenVaultTests
{
    [Fact]
    public async Task Binds_encryption_and_decryption_to_the_approval_id()
    {
        var kms = Substitute.For<IAmazonKeyManagementService>();
        EncryptRequest? encrypt = null;
        DecryptRequest? decrypt = null;
        kms.EncryptAsync(Arg.Do<EncryptRequest>(r => encrypt = r), Arg.Any<CancellationToken>()).Returns(new EncryptResponse { CiphertextBlob = new MemoryStream([7]) });
        kms.DecryptAsync(Arg.Do<DecryptRequest>(r => decrypt = r), Arg.Any<CancellationToken>()).Returns(new DecryptResponse { Plaintext = new MemoryStream("tok"u8.ToArray()) });
        var vault = new KmsTaskTokenVault(kms, "alias/approval-tokens");

        var sealedToken = await vault.EncryptAsync("run-1-prod", "tok", default);
        var token = await vault.DecryptAsync("run-1-prod", sealedToken, default);

        Assert.Equal("tok", token);
        Assert.Equal("run-1-prod", encrypt!.EncryptionContext["smus-serverless:approval-id"]);
        Assert.Equal("run-1-prod", decrypt!.EncryptionContext["smus-serverless:approval-id"]);
        Assert.Equal(("alias/approval-tokens", "alias/approval-tokens"), (encrypt.KeyId, decrypt.KeyId));
    }
}
