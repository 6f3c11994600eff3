using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using SmusServerless.Core.Manifest;

namespace SmusServerless.Cli.Sessions;

/// <summary>
/// The CLI's AWS session as smus-cli sees it: the account from STS GetCallerIdentity (the SDK's default credential
/// chain), the region from <c>AWS_REGION</c> / <c>AWS_DEFAULT_REGION</c>, else the SDK's region chain (profile,
/// instance metadata). Each is looked up once, and only when asked (a manifest that names neither needs no credentials).
/// </summary>
public sealed class StsCallerIdentity(IReadOnlyDictionary<string, string?> environment) : ICallerIdentity
{
    private readonly Lazy<string?> _region = new(() => RegionOf(environment));
    private Task<string>? _account;
    private readonly Lock _gate = new();

    public Task<string?> GetRegionAsync(CancellationToken cancellationToken) => Task.FromResult(_region.Value);

    public Task<string> GetAccountIdAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_account is null || _account.IsFaulted || _account.IsCanceled) _account = AskStsAsync(cancellationToken);
            return _account;
        }
    }

    private async Task<string> AskStsAsync(CancellationToken cancellationToken)
    {
        try
        {
            // STS answers in every region; without one configured, its global endpoint (us-east-1) does.
            using var sts = new AmazonSecurityTokenServiceClient(new AmazonSecurityTokenServiceConfig
            {
                RegionEndpoint = RegionEndpoint.GetBySystemName(_region.Value ?? "us-east-1"),
            });
            var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
            return identity.Account;
        }
        catch (AmazonServiceException e)
        {
            throw new SessionLookupException($"STS GetCallerIdentity failed ({e.ErrorCode ?? e.StatusCode.ToString()}): {e.Message}", e);
        }
        catch (AmazonClientException e)
        {
            throw new SessionLookupException($"no usable AWS credentials ({e.Message})", e);
        }
    }

    private static string? RegionOf(IReadOnlyDictionary<string, string?> environment)
    {
        foreach (var name in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
            if (environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)) return value.Trim();
        try
        {
            return FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }
        catch (AmazonClientException)
        {
            return null;
        }
    }
}
