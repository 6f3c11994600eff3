using System.Security.Cryptography;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Local.Approvals;

/// <summary>HMAC-SHA256 with a local key (the offline stand-in for a KMS HMAC_256 key); verification in constant time.</summary>
public sealed class LocalMacService(byte[] key) : IMacService
{
    public const string KeyFileName = "approval-link-hmac.key";

    /// <summary>Uses (or creates) the key file in the state directory.</summary>
    public static LocalMacService FromStateDirectory(string stateDirectory) =>
        new(LocalKeyFile.ReadOrCreate(Path.Combine(stateDirectory, KeyFileName)));

    public Task<byte[]> GenerateMacAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        Task.FromResult(HMACSHA256.HashData(key, message.Span));

    public Task<bool> VerifyMacAsync(ReadOnlyMemory<byte> message, ReadOnlyMemory<byte> mac, CancellationToken cancellationToken)
    {
        var expected = HMACSHA256.HashData(key, message.Span);
        // FixedTimeEquals returns false at once for a different length, which reveals only the length.
        return Task.FromResult(CryptographicOperations.FixedTimeEquals(expected, mac.Span));
    }
}
