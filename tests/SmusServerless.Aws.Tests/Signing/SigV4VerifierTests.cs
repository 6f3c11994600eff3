using System.Text;
using SmusServerless.Aws.Signing;
using SmusServerless.Aws.Tests.Support;

namespace SmusServerless.Aws.Tests.Signing;

public sealed class SigV4VerifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private static readonly AwsCredentials Local = new("LOCALKEY", "local-secret");

    private static SigV4Verifier Verifier(DateTimeOffset? now = null, SigV4VerifierOptions? options = null)
        => new((key, _) => ValueTask.FromResult<AwsCredentials?>(key == Local.AccessKeyId ? Local : null), new FixedTimeProvider(now ?? Now), options);

    private static IncomingRequest SignedRequest(string body = "{\"name\":\"p\"}", AwsCredentials? credentials = null, DateTimeOffset? at = null)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", "127.0.0.1:4599"),
            new("Content-Type", "application/json"),
        };
        var bodyHash = SigV4Canonicalizer.HexSha256(Encoding.UTF8.GetBytes(body));
        var signature = SigV4Signer.Sign(
            new SigV4Request("POST", "/v2/domains/dzd_1/projects", "maxResults=5", headers, bodyHash),
            new SigV4Scope(credentials ?? Local, "us-east-1", "datazone", at ?? Now));
        return new IncomingRequest("POST", "/v2/domains/dzd_1/projects", "maxResults=5", headers.Concat(signature.HeadersToAdd).ToList(), bodyHash);
    }

    [Fact]
    public async Task Accepts_a_request_signed_with_the_known_secret()
    {
        var result = await Verifier(options: new() { ExpectedService = "datazone", ExpectedRegion = "us-east-1" }).VerifyAsync(SignedRequest());

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(("LOCALKEY", "us-east-1", "datazone"), (result.AccessKeyId, result.Region, result.Service));
    }

    [Fact]
    public async Task Refuses_a_request_whose_body_changed_after_signing()
    {
        var signed = SignedRequest();
        var tampered = signed with { BodySha256 = SigV4Canonicalizer.HexSha256("{\"name\":\"q\"}"u8) };

        var result = await Verifier().VerifyAsync(tampered);

        Assert.Equal(SigV4Failure.SignatureMismatch, result.Failure);
    }

    [Fact]
    public async Task Refuses_a_request_whose_query_changed_after_signing()
    {
        var result = await Verifier().VerifyAsync(SignedRequest() with { RawQuery = "maxResults=50" });

        Assert.Equal(SigV4Failure.SignatureMismatch, result.Failure);
    }

    [Fact]
    public async Task Refuses_a_signature_made_with_another_secret()
    {
        var result = await Verifier().VerifyAsync(SignedRequest(credentials: Local with { SecretAccessKey = "guessed" }));

        Assert.Equal(SigV4Failure.SignatureMismatch, result.Failure);
    }

    [Fact]
    public async Task Refuses_an_unknown_access_key()
    {
        var result = await Verifier().VerifyAsync(SignedRequest(credentials: new AwsCredentials("OTHER", "x")));

        Assert.Equal(SigV4Failure.UnknownAccessKey, result.Failure);
    }

    [Fact]
    public async Task Refuses_a_request_signed_more_than_five_minutes_away_from_the_server_clock()
    {
        var result = await Verifier().VerifyAsync(SignedRequest(at: Now.AddMinutes(-6)));

        Assert.Equal(SigV4Failure.RequestTimeTooSkewed, result.Failure);
    }

    [Fact]
    public async Task Refuses_a_request_signed_for_another_service()
    {
        var result = await Verifier(options: new() { ExpectedService = "states" }).VerifyAsync(SignedRequest());

        Assert.Equal(SigV4Failure.ScopeMismatch, result.Failure);
    }

    [Fact]
    public async Task Refuses_a_request_without_any_signature()
    {
        var request = new IncomingRequest("GET", "/", null, [new("Host", "localhost")], SigV4Canonicalizer.EmptyPayloadHash);

        var result = await Verifier().VerifyAsync(request);

        Assert.Equal(SigV4Failure.MissingAuthentication, result.Failure);
    }

    [Fact]
    public async Task Refuses_a_body_hash_header_that_does_not_match_the_body()
    {
        var signed = SignedRequest();
        var withHeader = signed with { Headers = [.. signed.Headers, new("x-amz-content-sha256", SigV4Canonicalizer.EmptyPayloadHash)] };

        var result = await Verifier().VerifyAsync(withHeader);

        Assert.Equal(SigV4Failure.BodyHashMismatch, result.Failure);
    }

    [Fact]
    public async Task Accepts_a_presigned_request_until_it_expires()
    {
        var headers = new List<KeyValuePair<string, string>> { new("Host", "127.0.0.1:4599") };
        var presigned = SigV4Signer.Presign(
            new SigV4Request("GET", "/approvals/a1", null, headers, SigV4Canonicalizer.EmptyPayloadHash),
            new SigV4Scope(Local, "us-east-1", "execute-api", Now), TimeSpan.FromMinutes(10));
        var request = new IncomingRequest("GET", "/approvals/a1", presigned.SignedQuery, headers, SigV4Canonicalizer.EmptyPayloadHash);

        var inTime = await Verifier(Now.AddMinutes(9)).VerifyAsync(request);
        var late = await Verifier(Now.AddMinutes(11)).VerifyAsync(request);

        Assert.True(inTime.IsValid, inTime.Detail);
        Assert.Equal(SigV4Failure.Expired, late.Failure);
    }

    [Fact]
    public async Task Never_puts_the_signature_or_secret_in_its_detail()
    {
        var signed = SignedRequest(credentials: Local with { SecretAccessKey = "guessed" });
        var signature = signed.Headers.Single(h => h.Key == "Authorization").Value.Split("Signature=")[1];

        var result = await Verifier().VerifyAsync(signed);

        Assert.DoesNotContain(signature, result.Detail + result);
        Assert.DoesNotContain(Local.SecretAccessKey, result.Detail + result);
    }

    [Fact]
    public async Task Without_the_request_time_check_an_old_signature_still_verifies()
    {
        var result = await Verifier(options: new() { CheckRequestTime = false }).VerifyAsync(SignedRequest(at: Now.AddDays(-400)));

        Assert.True(result.IsValid, result.Detail);
    }

    [Fact]
    public async Task A_skewed_request_is_answered_as_AWS_answers_it()
    {
        var result = await Verifier().VerifyAsync(SignedRequest(at: Now.AddMinutes(-6)));

        Assert.Equal("InvalidSignatureException", result.ErrorCode);
        Assert.Equal("Signature expired: 20261127T095400Z is now earlier than 20261127T095500Z (20261127T100000Z - 5 min.)", result.Message);
    }

    [Theory]
    [InlineData("none", "MissingAuthenticationTokenException")]
    [InlineData("unknown key", "UnrecognizedClientException")]
    [InlineData("wrong secret", "InvalidSignatureException")]
    [InlineData("host not signed", "IncompleteSignatureException")]
    [InlineData("valid", null)]
    public async Task Each_failure_carries_the_AWS_error_code(string kind, string? code)
    {
        var signed = SignedRequest();
        var request = kind switch
        {
            "none" => new IncomingRequest("GET", "/", null, [new("Host", "localhost")], SigV4Canonicalizer.EmptyPayloadHash),
            "unknown key" => SignedRequest(credentials: new AwsCredentials("OTHER", "x")),
            "wrong secret" => SignedRequest(credentials: Local with { SecretAccessKey = "guessed" }),
            "host not signed" => signed with
            {
                Headers = [.. signed.Headers.Select(h => h.Key == "Authorization" ? new(h.Key, h.Value.Replace("SignedHeaders=content-type;host;", "SignedHeaders=content-type;", StringComparison.Ordinal)) : h)],
            },
            _ => signed,
        };

        var result = await Verifier().VerifyAsync(request);

        Assert.Equal(code, result.ErrorCode);
        Assert.Equal(code is null, result.Message is null);
    }

    [Fact]
    public async Task Never_puts_the_signature_or_secret_in_its_message()
    {
        var signed = SignedRequest(credentials: Local with { SecretAccessKey = "guessed" });
        var signature = signed.Headers.Single(h => h.Key == "Authorization").Value.Split("Signature=")[1];

        var result = await Verifier().VerifyAsync(signed);

        Assert.Equal("InvalidSignatureException", result.ErrorCode);
        Assert.DoesNotContain(signature, result.Message);
        Assert.DoesNotContain("guessed", result.Message);
        Assert.DoesNotContain(Local.SecretAccessKey, result.Message);
    }

    [Fact]
    public void Credentials_and_signatures_print_without_secrets()
    {
        var credentials = new AwsCredentials("AKID", "very-secret", "session-token-value");
        var signature = SigV4Signer.Sign(new SigV4Request("GET", "/", null, [new("Host", "h")], SigV4Canonicalizer.EmptyPayloadHash), new SigV4Scope(credentials, "us-east-1", "s", Now));

        Assert.DoesNotContain("very-secret", credentials.ToString());
        Assert.DoesNotContain("session-token-value", credentials.ToString());
        Assert.DoesNotContain(signature.Signature, signature.ToString());
    }
}
