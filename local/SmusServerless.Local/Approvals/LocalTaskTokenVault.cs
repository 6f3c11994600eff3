using System.Security.Cryptography;
using System.Text;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Local.Approvals;

/// <summary>
/// AES-256-GCM encryption of task tokens with a local key (the offline stand-in for KMS Encrypt/Decrypt).
/// The approval id is authenticated as associated data, like KMS's encryption context.
/// Layout: 12-byte nonce | ciphertext | 16-byte tag.
/// </summary>
public sealed class LocalTaskTokenVault(byte[] key) : ITaskTokenVault
{
    public const string KeyFileName = "approval-token-aes.key";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public static LocalTaskTokenVault FromStateDirectory(string stateDirectory) =>
        new(LocalKeyFile.ReadOrCreate(Path.Combine(stateDirectory, KeyFileName)));

    public Task<byte[]> EncryptAsync(string approvalId, string taskToken, CancellationToken cancellationToken)
    {
        var plaintext = Encoding.UTF8.GetBytes(taskToken);
        var sealedToken = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = sealedToken.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plaintext, sealedToken.AsSpan(NonceBytes, plaintext.Length), sealedToken.AsSpan(NonceBytes + plaintext.Length), Encoding.UTF8.GetBytes(approvalId));
        return Task.FromResult(sealedToken);
    }

    public Task<string> DecryptAsync(string approvalId, byte[] encryptedTaskToken, CancellationToken cancellationToken)
    {
        if (encryptedTaskToken.Length < NonceBytes + TagBytes)
            throw new CryptographicException("the stored task token is too short to be a sealed token");
        var length = encryptedTaskToken.Length - NonceBytes - TagBytes;
        var plaintext = new byte[length];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(encryptedTaskToken.AsSpan(0, NonceBytes), encryptedTaskToken.AsSpan(NonceBytes, length),
            encryptedTaskToken.AsSpan(NonceBytes + length), plaintext, Encoding.UTF8.GetBytes(approvalId));
        return Task.FromResult(Encoding.UTF8.GetString(plaintext));
    }
}
