namespace SmusServerless.Aws.Signing;

/// <summary>An access key pair, with a session token for temporary credentials.</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    // The secret and the session token must never reach a log line or an error message.
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = ***, SessionToken = {(SessionToken is null ? "null" : "***")} }}";
}

/// <summary>Where signing credentials come from (the seam over AWSSDK.Core's resolver chain).</summary>
public interface ICredentialsProvider
{
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}

/// <summary>Fixed credentials: for local endpoints and tests.</summary>
public sealed class StaticCredentialsProvider(AwsCredentials credentials) : ICredentialsProvider
{
    public StaticCredentialsProvider(string accessKeyId, string secretAccessKey, string? sessionToken = null)
        : this(new AwsCredentials(accessKeyId, secretAccessKey, sessionToken))
    {
    }

    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(credentials);
}
