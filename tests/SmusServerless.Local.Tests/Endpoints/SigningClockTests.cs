using System.Net;
using System.Text.Json.Nodes;
using SmusServerless.Local.Endpoints;

namespace SmusServerless.Local.Tests.Endpoints;

/// <summary>X-Amz-Date against the wall clock: unchecked by default (a virtual clock may drive the stack), checked when asked.</summary>
public sealed class SigningClockTests
{
    [Fact]
    public async Task By_default_an_old_signature_is_accepted()
    {
        await using var host = await LocalAwsHost.StartAsync(new LocalAwsHostOptions());
        using var http = new HttpClient();

        var response = await http.SendSignedAsync(HttpMethod.Get, new Uri(host.DataZoneUrl, "/v2/domains"), "datazone", null,
            signedAt: DateTimeOffset.UtcNow.AddDays(-2));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task With_an_allowed_skew_a_request_signed_too_long_ago_is_refused_as_AWS_refuses_it()
    {
        await using var host = await LocalAwsHost.StartAsync(new LocalAwsHostOptions { AllowedClockSkew = TimeSpan.FromMinutes(5) });
        using var http = new HttpClient();

        var late = await http.SendSignedAsync(HttpMethod.Get, new Uri(host.DataZoneUrl, "/v2/domains"), "datazone", null,
            signedAt: DateTimeOffset.UtcNow.AddMinutes(-10));
        var current = await http.SendSignedAsync(HttpMethod.Get, new Uri(host.DataZoneUrl, "/v2/domains"), "datazone", null);

        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        Assert.Equal("InvalidSignatureException", late.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.StartsWith("Signature expired: ", (string?)JsonNode.Parse(await late.Content.ReadAsStringAsync())!["message"]);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }
}
