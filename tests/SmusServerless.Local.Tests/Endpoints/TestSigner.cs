using System.Text;
using SmusServerless.Aws.Signing;
using SmusServerless.Local.Endpoints.Signing;

namespace SmusServerless.Local.Tests.Endpoints;

/// <summary>Signs test requests with SigV4 (header form) for a given service, with the Wire's signer.</summary>
internal static class TestSigner
{
    public static async Task<HttpResponseMessage> SendSignedAsync(this HttpClient client, HttpMethod method, Uri url, string service, string? body,
        IEnumerable<KeyValuePair<string, string>>? headers = null, LocalAwsCredentials? credentials = null,
        DateTimeOffset? signedAt = null)
    {
        credentials ??= LocalAwsCredentials.Default;
        var request = new HttpRequestMessage(method, url);
        var bytes = Encoding.UTF8.GetBytes(body ?? "");
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        var signed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["host"] = url.Authority };
        foreach (var (name, value) in headers ?? [])
        {
            signed[name] = value;
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var query = url.Query.TrimStart('?');
        var signature = SigV4Signer.Sign(
            new SigV4Request(method.Method, url.AbsolutePath, query.Length == 0 ? null : query, [.. signed], SigV4Canonicalizer.HexSha256(bytes)),
            new SigV4Scope(new AwsCredentials(credentials.AccessKeyId, credentials.SecretAccessKey), credentials.Region, service, signedAt ?? DateTimeOffset.UtcNow));
        foreach (var (name, value) in signature.HeadersToAdd)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }
}
