using System.Text;
using System.Text.Json.Nodes;
using SmusServerless.Aws.Signing;
using SmusServerless.Local.Endpoints.Protocol;
using SmusServerless.Local.Endpoints.Signing;
using SmusServerless.Testing;

namespace SmusServerless.Local.Tests.Endpoints;

/// <summary>
/// The local endpoints' verifier (the Wire's <see cref="SigV4Verifier"/>, built by <see cref="RequestSignatures"/>, fed
/// requests as the endpoints read them) accepts every header-signed request of the AWS SigV4 test suite (aws-c-auth v4) and rejects it once altered.
/// </summary>
public sealed class SigV4TestSuiteTests
{
    private static string SuiteDirectory => TestRepository.AwsModels("sigv4-test-suite", "aws-c-auth", "v4");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(SuiteDirectory).Order(StringComparer.Ordinal))
        {
            var context = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "context.json")))!;
            // Unnormalised cases are S3-style signing (paths kept as they are), which these endpoints never see.
            if ((bool?)context["normalize"] != false)
            {
                data.Add(Path.GetFileName(directory));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Accepts_the_suite_signature(string name)
    {
        var (request, verifier) = Load(name);
        var result = await verifier.VerifyAsync(request, CancellationToken.None);
        Assert.True(result.IsValid, $"{name}: {result.ErrorCode} {result.Message}");
        Assert.Equal("service", result.Service);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Rejects_the_suite_request_with_a_changed_method(string name)
    {
        var (request, verifier) = Load(name);
        var altered = request with { Method = request.Method == "GET" ? "PUT" : "GET" };
        var result = await verifier.VerifyAsync(altered, CancellationToken.None);
        Assert.Equal("InvalidSignatureException", result.ErrorCode);
    }

    private static (AwsHttpRequest Request, SigV4Verifier Verifier) Load(string name)
    {
        var directory = Path.Combine(SuiteDirectory, name);
        var context = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "context.json")))!;
        var credentials = new LocalAwsCredentials((string)context["credentials"]!["access_key_id"]!, (string)context["credentials"]!["secret_access_key"]!,
            (string)context["region"]!);
        return (Parse(File.ReadAllText(Path.Combine(directory, "header-signed-request.txt"))), RequestSignatures.Verifier(credentials, TimeProvider.System));
    }

    /// <summary>Reads a raw HTTP/1.1 request as the suite writes it (continuation lines and repeated headers included).</summary>
    private static AwsHttpRequest Parse(string raw)
    {
        var split = raw.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", 2);
        var lines = split[0].Split('\n');
        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ')];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var headers = new List<(string Name, string Value)>();
        foreach (var line in lines.Skip(1))
        {
            if (line.StartsWith(' ') || line.StartsWith('\t'))
            {
                var (n, v) = headers[^1];
                headers[^1] = (n, v + "\n" + line);
            }
            else
            {
                var colon = line.IndexOf(':');
                headers.Add((line[..colon], line[(colon + 1)..]));
            }
        }

        var merged = headers.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => new KeyValuePair<string, string>(g.Key, string.Join(',', g.Select(h => h.Value.Trim()))));
        var parts = target.Split('?', 2);
        var query = parts.Length == 1 ? [] : parts[1].Split('&').Select(p => p.Split('=', 2))
            .Select(kv => new KeyValuePair<string, string>(Uri.UnescapeDataString(kv[0]), Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : ""))).ToList();
        return new AwsHttpRequest(method, parts[0], query, AwsHttpRequest.HeaderDictionary(merged), Encoding.UTF8.GetBytes(split.Length > 1 ? split[1] : ""));
    }
}
