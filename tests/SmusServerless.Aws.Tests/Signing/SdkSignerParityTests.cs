using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using SmusServerless.Aws.Signing;

namespace SmusServerless.Aws.Tests.Signing;

/// <summary>
/// AWSSDK.Core 4.1's public AWSSigV4Signer always signs x-amz-content-sha256, so it cannot reproduce the
/// suites (see README); where it can sign the same request, our signer must produce the same Authorization.
/// </summary>
public sealed class SdkSignerParityTests
{
    private static readonly DateTime SignedAt = new(2026, 11, 27, 1, 2, 3, DateTimeKind.Utc);

    [Theory]
    [InlineData("GET", "/v2/domains/dzd_abc/projects", "maxResults=50&name=My%20Project", "", null)]
    [InlineData("POST", "/", "", "{\"taskToken\":\"t\",\"output\":\"{}\"}", null)]
    [InlineData("POST", "/v2/domains/dzd_abc/projects", "", "{\"name\":\"p\"}", "session-token/with+special=chars")]
    [InlineData("PUT", "/v2/domains/dzd_abc/subscription-requests/sr%3A1/accept", "", "{}", null)]
    public void Produces_the_same_authorization_as_AWSSDK_Core(string method, string path, string query, string body, string? token)
    {
        var credentials = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token);
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        var sdkRequest = new AWSSigningRequest
        {
            HttpMethod = new HttpMethod(method),
            RequestUri = new Uri($"https://datazone.us-east-1.api.aws{path}{(query.Length > 0 ? "?" + query : "")}"),
            Content = bodyBytes.Length > 0 ? bodyBytes : null,
        };
        sdkRequest.Headers["Content-Type"] = "application/json";
        var sdk = AWSSigV4Signer.Sign(sdkRequest, new AWSSigV4Parameters
        {
            Credentials = token is null ? new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey) : new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, token),
            Region = Amazon.RegionEndpoint.USEast1,
            Service = "datazone",
            SignedAt = SignedAt,
        });

        var ours = SigV4Signer.Sign(
            new SigV4Request(method, path, query, [new("Host", "datazone.us-east-1.api.aws"), new("Content-Type", "application/json")], SigV4Canonicalizer.HexSha256(bodyBytes)),
            new SigV4Scope(credentials, "us-east-1", "datazone", SignedAt),
            new SigV4Options { AddContentSha256Header = true });

        Assert.Equal(sdk.Headers["Authorization"], ours.Authorization);
    }
}
