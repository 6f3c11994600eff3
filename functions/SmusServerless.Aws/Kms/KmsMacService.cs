using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Aws.Kms;

/// <summary>
/// HMAC-SHA256 with a KMS HMAC_256 key (GenerateMac / VerifyMac). The key material never leaves KMS, and KMS
/// compares MACs itself, so verification is as constant-time as the service is; a mismatch comes back as
/// <see cref="KMSInvalidMacException"/>, which means "not valid", not a failure.
/// </summary>
public sealed class KmsMacService(IAmazonKeyManagementService kms, string keyId) : IMacService
{
    public async Task<byte[]> GenerateMacAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var response = await kms.GenerateMacAsync(new GenerateMacRequest
        {
            KeyId = keyId,
            MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256,
            Message = new MemoryStream(message.ToArray(), writable: false),
        }, cancellationToken).ConfigureAwait(false);
        return response.Mac.ToArray();
    }

    public async Task<bool> VerifyMacAsync(ReadOnlyMemory<byte> message, ReadOnlyMemory<byte> mac, CancellationToken cancellationToken)
    {
        try
        {
            var response = await kms.VerifyMacAsync(new VerifyMacRequest
            {
                KeyId = keyId,
                MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256,
                Message = new MemoryStream(message.ToArray(), writable: false),
                Mac = new MemoryStream(mac.ToArray(), writable: false),
            }, cancellationToken).ConfigureAwait(false);
            return response.MacValid == true;
        }
        catch (KMSInvalidMacException)
        {
            return false;
        }
    }
}
