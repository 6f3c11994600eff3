using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SmusServerless.Local.Endpoints.Protocol;
using SmusServerless.Local.Endpoints.Signing;

namespace SmusServerless.Local.Tests.Endpoints;

/// <summary>Signs test requests with SigV4 (header form) for a given service.</summary>
internal static class TestSigner
{
    public static async Task<HttpResponseMessage> SendSignedAsync(this HttpClient client, HttpMethod method, Uri url, string service, string? body,
        IEnumerable<KeyValuePair<string, string>>? headers = null, LocalAwsCredentials? credentials = null)
    {
        credentials ??= LocalAwsCredentials.Default;
        var request = new HttpRequestMessage(method, url);
        var bytes = Encoding.UTF8.GetBytes(body ?? "");
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        var amzDate = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = url.Authority;
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["host"] = host, ["x-amz-date"] = amzDate };
        foreach (var (name, value) in headers ?? [])
        {
            all[name] = value;
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        var query = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .Select(kv => new KeyValuePair<string, string>(Uri.UnescapeDataString(kv[0]), Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : ""))).ToList();
        var signed = all.Keys.Select(k => k.ToLowerInvariant()).Order(StringComparer.Ordinal).ToArray();
        var canonical = SigV4RequestVerifier.CanonicalRequest(
            new AwsHttpRequest(method.Method, url.AbsolutePath, query, AwsHttpRequest.HeaderDictionary(all), bytes), signed);
        var date = amzDate[..8];
        var scope = $"{date}/{credentials.Region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var signature = Hex(HMACSHA256.HashData(SigV4RequestVerifier.SigningKey(credentials.SecretAccessKey, date, credentials.Region, service), Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={string.Join(';', signed)}, Signature={signature}");
        return await client.SendAsync(request);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
