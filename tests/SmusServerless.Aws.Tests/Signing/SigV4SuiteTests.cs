using System.Text.Json.Nodes;
using SmusServerless.Aws.Signing;
using SmusServerless.Aws.Tests.Support;

namespace SmusServerless.Aws.Tests.Signing;

/// <summary>
/// Every SigV4 (not SigV4a) case of both official suites, each its own test: botocore's aws4_testsuite and
/// aws-c-auth's v4 suite (header-signed and query-signed variants).
/// </summary>
public sealed class SigV4SuiteTests
{
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    public static TheoryData<string> BotocoreCases()
    {
        var root = AwsModels.PathOf("sigv4-test-suite", "botocore-aws4_testsuite");
        var data = new TheoryData<string>();
        foreach (var request in Directory.GetFiles(root, "*.req", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(root, Path.ChangeExtension(request, null)));
        return data;
    }

    public static TheoryData<string> AwsCAuthCases()
    {
        var root = AwsModels.PathOf("sigv4-test-suite", "aws-c-auth", "v4");
        var data = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(directory));
        return data;
    }

    [Fact]
    public void Both_suites_are_present_in_full()
    {
        Assert.Equal(34, BotocoreCases().Count);
        Assert.Equal(38, AwsCAuthCases().Count);
    }

    [Theory]
    [MemberData(nameof(BotocoreCases))]
    public void Botocore_case_signs_as_expected(string caseName)
    {
        var root = AwsModels.PathOf("sigv4-test-suite", "botocore-aws4_testsuite");
        string Read(string extension) => File.ReadAllText(Path.Combine(root, caseName + extension)).Replace("\r\n", "\n");
        var request = HttpRequestText.Parse(Read(".req"));
        // The suite's fixed context: botocore's runner gives only the session-token case a token.
        var token = caseName.EndsWith("get-vanilla-with-session-token", StringComparison.Ordinal)
            ? "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
            : null;
        var scope = new SigV4Scope(new AwsCredentials("AKIDEXAMPLE", SecretKey, token), "us-east-1", "service", SuiteTime);

        var signature = SigV4Signer.Sign(new SigV4Request(request.Method, request.Path, request.Query, request.Headers, request.BodySha256), scope);

        Assert.Equal(Read(".creq"), signature.CanonicalRequest);
        Assert.Equal(Read(".sts"), signature.StringToSign);
        Assert.Equal(Read(".authz").Trim(), signature.Authorization);
    }

    [Theory]
    [MemberData(nameof(AwsCAuthCases))]
    public void AwsCAuth_case_signs_the_header_as_expected(string caseName)
    {
        var (dir, request, scope, options) = LoadAwsCAuth(caseName);

        var signature = SigV4Signer.Sign(new SigV4Request(request.Method, request.Path, request.Query, request.Headers, request.BodySha256), scope, options);

        Assert.Equal(Read(dir, "header-canonical-request.txt"), signature.CanonicalRequest);
        Assert.Equal(Read(dir, "header-string-to-sign.txt"), signature.StringToSign);
        Assert.Equal(Read(dir, "header-signature.txt").Trim(), signature.Signature);
        var signedRequest = HttpRequestText.Parse(Read(dir, "header-signed-request.txt"));
        foreach (var (name, value) in signature.HeadersToAdd)
            Assert.Contains(signedRequest.Headers, h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase) && h.Value == value);
    }

    [Theory]
    [MemberData(nameof(AwsCAuthCases))]
    public void AwsCAuth_case_signs_the_query_as_expected(string caseName)
    {
        var (dir, request, scope, options) = LoadAwsCAuth(caseName);
        var expires = TimeSpan.FromSeconds(Context(dir)["expiration_in_seconds"]!.GetValue<int>());

        var presigned = SigV4Signer.Presign(new SigV4Request(request.Method, request.Path, request.Query, request.Headers, request.BodySha256), scope, expires, options);

        Assert.Equal(Read(dir, "query-canonical-request.txt"), presigned.CanonicalRequest);
        Assert.Equal(Read(dir, "query-string-to-sign.txt"), presigned.StringToSign);
        Assert.Equal(Read(dir, "query-signature.txt").Trim(), presigned.Signature);
        Assert.Equal(HttpRequestText.Parse(Read(dir, "query-signed-request.txt")).Query, presigned.SignedQuery);
    }

    [Theory]
    [MemberData(nameof(AwsCAuthCases))]
    public async Task AwsCAuth_header_signed_request_passes_the_verifier(string caseName)
    {
        var (dir, _, scope, options) = LoadAwsCAuth(caseName);
        var signed = HttpRequestText.Parse(Read(dir, "header-signed-request.txt"));
        var verifier = new SigV4Verifier(
            (key, _) => ValueTask.FromResult<AwsCredentials?>(key == scope.Credentials.AccessKeyId ? scope.Credentials : null),
            new FixedTimeProvider(SuiteTime.AddMinutes(1)),
            new SigV4VerifierOptions { NormalizePath = options.NormalizePath, ExpectedRegion = "us-east-1", ExpectedService = "service" });

        var result = await verifier.VerifyAsync(new IncomingRequest(signed.Method, signed.Path, signed.Query, signed.Headers, signed.BodySha256));

        Assert.True(result.IsValid, $"{result.Failure}: {result.Detail}");
    }

    [Theory]
    [MemberData(nameof(AwsCAuthCases))]
    public async Task AwsCAuth_query_signed_request_passes_the_verifier(string caseName)
    {
        var (dir, _, scope, options) = LoadAwsCAuth(caseName);
        if (options.OmitSessionTokenFromSignature)
            return; // The token is outside the signature in this case; a server would not accept it, nor do we.
        var signed = HttpRequestText.Parse(Read(dir, "query-signed-request.txt"));
        var verifier = new SigV4Verifier(
            (key, _) => ValueTask.FromResult<AwsCredentials?>(key == scope.Credentials.AccessKeyId ? scope.Credentials : null),
            new FixedTimeProvider(SuiteTime.AddMinutes(1)),
            new SigV4VerifierOptions { NormalizePath = options.NormalizePath });

        var result = await verifier.VerifyAsync(new IncomingRequest(signed.Method, signed.Path, signed.Query, signed.Headers, signed.BodySha256));

        Assert.True(result.IsValid, $"{result.Failure}: {result.Detail}");
    }

    private static (string Dir, HttpRequestText Request, SigV4Scope Scope, SigV4Options Options) LoadAwsCAuth(string caseName)
    {
        var dir = AwsModels.PathOf("sigv4-test-suite", "aws-c-auth", "v4", caseName);
        var context = Context(dir);
        var credentials = context["credentials"]!;
        var scope = new SigV4Scope(
            new AwsCredentials(credentials["access_key_id"]!.GetValue<string>(), credentials["secret_access_key"]!.GetValue<string>(), credentials["token"]?.GetValue<string>()),
            context["region"]!.GetValue<string>(),
            context["service"]!.GetValue<string>(),
            DateTimeOffset.Parse(context["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        var options = new SigV4Options
        {
            NormalizePath = context["normalize"]?.GetValue<bool>() ?? true,
            OmitSessionTokenFromSignature = context["omit_session_token"]?.GetValue<bool>() ?? false,
            AddContentSha256Header = context["sign_body"]?.GetValue<bool>() ?? false,
        };
        return (dir, HttpRequestText.Parse(Read(dir, "request.txt")), scope, options);
    }

    private static JsonNode Context(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "context.json")))!;

    private static string Read(string dir, string file) => File.ReadAllText(Path.Combine(dir, file)).Replace("\r\n", "\n");
}
