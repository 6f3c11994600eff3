using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace SmusServerless.Aws.Signing;

/// <summary>
/// Credentials from AWSSDK.Core's default resolver chain (<see cref="DefaultAWSCredentialsIdentityResolver"/>):
/// environment variables (what Lambda sets), shared config/credentials profiles (AWS_PROFILE),
/// web identity (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN, CI OIDC), container and instance metadata.
/// Refreshing credentials (assume-role, web identity) are refreshed by the SDK before they expire.
/// </summary>
public sealed class SdkCredentialsProvider : ICredentialsProvider
{
    private readonly Func<CancellationToken, Task<AWSCredentials>> _resolve;
    private AWSCredentials? _resolved;

    /// <summary>Uses the default chain.</summary>
    public SdkCredentialsProvider()
        : this(cancellationToken => new DefaultAWSCredentialsIdentityResolver().ResolveIdentityAsync(null, cancellationToken))
    {
    }

    /// <summary>Uses the given SDK credentials object (e.g. a profile or web-identity credentials built by hand).</summary>
    public SdkCredentialsProvider(AWSCredentials credentials)
        : this(_ => Task.FromResult(credentials))
    {
    }

    private SdkCredentialsProvider(Func<CancellationToken, Task<AWSCredentials>> resolve) => _resolve = resolve;

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        // The chain is resolved once; the resolved object refreshes itself (GetCredentialsAsync) when temporary.
        var source = _resolved ??= await _resolve(cancellationToken).ConfigureAwait(false)
            ?? throw new AwsCredentialsException("AWSSDK.Core's credential chain found no credentials (environment, profile, web identity, container, instance metadata).");
        ImmutableCredentials current;
        try
        {
            current = await source.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (AmazonClientException e)
        {
            throw new AwsCredentialsException($"Resolving AWS credentials failed: {e.Message}", e);
        }
        return new AwsCredentials(current.AccessKey, current.SecretKey, current.UseToken ? current.Token : null);
    }
}

/// <summary>No usable credentials could be resolved.</summary>
public sealed class AwsCredentialsException(string message, Exception? inner = null) : Exception(message, inner);
