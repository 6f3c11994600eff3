using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Aws.Kms;

/// <summary>
/// Encrypts Step Functions task tokens with a KMS symmetric key. The approval id is the encryption context, so a
/// ciphertext only decrypts for the record it was made for, and CloudTrail shows which approval each Decrypt served.
/// </summary>
public sealed class KmsTaskTokenVault(IAmazonKeyManagementService kms, string keyId) : ITaskTokenVault
{
    private const string ContextKey = "smus-serverless:approval-id";

    public async Task<byte[]> EncryptAsync(string approvalId, string taskToken, CancellationToken cancellationToken)
    {
        var response = await kms.EncryptAsync(new EncryptRequest
        {
            KeyId = keyId,
            Plaintext = new MemoryStream(Encoding.UTF8.GetBytes(taskToken), writable: false),
            EncryptionContext = new Dictionary<string, string> { [ContextKey] = approvalId },
        }, cancellationToken).ConfigureAwait(false);
        return response.CiphertextBlob.ToArray();
    }

    public async Task<string> DecryptAsync(string approvalId, byte[] encryptedTaskToken, CancellationToken cancellationToken)
    {
        var response = await kms.DecryptAsync(new DecryptRequest
        {
            KeyId = keyId,
            CiphertextBlob = new MemoryStream(encryptedTaskToken, writable: false),
            EncryptionContext = new Dictionary<string, string> { [ContextKey] = approvalId },
        }, cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(response.Plaintext.ToArray());
    }
}
