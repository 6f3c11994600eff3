namespace SmusServerless.Core.Approvals;

/// <summary>
/// The HMAC-SHA256 port: KMS GenerateMac / VerifyMac (an HMAC_256 key) on AWS, a local key file offline.
/// The key never leaves the adapter. <see cref="VerifyMacAsync"/> must compare in constant time.
/// </summary>
public interface IMacService
{
    Task<byte[]> GenerateMacAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    Task<bool> VerifyMacAsync(ReadOnlyMemory<byte> message, ReadOnlyMemory<byte> mac, CancellationToken cancellationToken);
}
