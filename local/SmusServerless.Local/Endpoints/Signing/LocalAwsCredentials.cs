namespace SmusServerless.Local.Endpoints.Signing;

/// <summary>The credentials the local endpoints accept. They are fixed and public: they guard nothing, they make clients sign.</summary>
public sealed record LocalAwsCredentials(string AccessKeyId, string SecretAccessKey, string Region)
{
    public static LocalAwsCredentials Default { get; } = new("AKIALOCALSMUSSERVERLESS", "local/smus-serverless/secret/key/0000000000", "us-east-1");
}
