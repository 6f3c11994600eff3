using Amazon.Runtime;
using SmusServerless.Aws.Signing;

namespace SmusServerless.Aws.Tests.Clients;

public sealed class CredentialsTests
{
    [Fact]
    public async Task Sdk_credentials_map_to_our_credentials_with_the_session_token()
    {
        var provider = new SdkCredentialsProvider(new SessionAWSCredentials("AKID", "secret", "token"));

        var credentials = await provider.GetCredentialsAsync(CancellationToken.None);

        Assert.Equal(new AwsCredentials("AKID", "secret", "token"), credentials);
    }

    [Fact]
    public async Task Long_term_sdk_credentials_have_no_session_token()
    {
        var credentials = await new SdkCredentialsProvider(new BasicAWSCredentials("AKID", "secret")).GetCredentialsAsync(CancellationToken.None);

        Assert.Null(credentials.SessionToken);
    }

    [Fact]
    public async Task Static_credentials_are_returned_as_given()
    {
        var credentials = await new StaticCredentialsProvider("local", "local-secret").GetCredentialsAsync(CancellationToken.None);

        Assert.Equal(("local", "local-secret"), (credentials.AccessKeyId, credentials.SecretAccessKey));
    }
}

/// <summary>The default chain reads the process environment, so these tests must not run beside others that change it.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection;

[Collection(nameof(EnvironmentCollection))]
public sealed class DefaultCredentialChainTests
{
    [Fact]
    public async Task The_default_chain_reads_Lambda_style_environment_variables()
    {
        var saved = new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN" }.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "ASIAENVEXAMPLE");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "env-secret");
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", "env-token");

            var credentials = await new SdkCredentialsProvider().GetCredentialsAsync(CancellationToken.None);

            Assert.Equal(new AwsCredentials("ASIAENVEXAMPLE", "env-secret", "env-token"), credentials);
        }
        finally
        {
            foreach (var (name, value) in saved)
                Environment.SetEnvironmentVariable(name, value);
        }
    }
}
