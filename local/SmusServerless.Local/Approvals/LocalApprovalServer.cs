using SmusServerless.Local.Hosting;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using SmusServerless.Functions.Approvals;

namespace SmusServerless.Local.Approvals;

/// <summary>
/// Serves the approval endpoint on 127.0.0.1 with Kestrel by turning each HTTP request into a Function URL event
/// (payload format 2.0) for the very same <see cref="ApprovalEndpoint"/> that runs in Lambda, and its response
/// back into HTTP. ASP.NET's request logging is switched off: it would write the link's signature (in the query).
/// </summary>
public sealed class LocalApprovalServer : IAsyncDisposable
{
    /// <summary>Kestrel's own cap, well above the endpoint's limit, so oversized forms reach the handler and get its 413 page.</summary>
    private const long MaxTransportBodyBytes = 1024 * 1024;

    private readonly WebApplication _app;

    private LocalApprovalServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234/</c>; links are <c>{BaseUrl}approvals/{id}?...</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>
    /// Binds 127.0.0.1:<paramref name="port"/> (0 picks a free port), then builds the endpoint with the bound base URL
    /// (links must name the address they will be served from) and starts serving.
    /// </summary>
    public static async Task<LocalApprovalServer> StartAsync(Func<Uri, ApprovalEndpoint> endpointFactory, int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpointFactory);
        var builder = EmbeddedWebApplication.CreateBuilder();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxTransportBodyBytes;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        ApprovalEndpoint? endpoint = null;
        app.Run(context => endpoint is null
            ? WriteUnavailableAsync(context)
            : ServeAsync(context, endpoint));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Urls.Select(u => new Uri(u)).First();
        var baseUrl = new Uri($"http://127.0.0.1:{address.Port}/");
        endpoint = endpointFactory(baseUrl);
        return new LocalApprovalServer(app, baseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task ServeAsync(HttpContext context, ApprovalEndpoint endpoint)
    {
        FunctionUrlRequest request;
        try
        {
            request = await ToFunctionUrlRequestAsync(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException)
        {
            await WriteAsync(context, ApprovalPages.Respond(413, ApprovalPages.Message("Request too large", "The request body is too large."))).ConfigureAwait(false);
            return;
        }
        var response = await endpoint.HandleAsync(request, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, response).ConfigureAwait(false);
    }

    /// <summary>Builds the event as Lambda would: raw path and query, lower-cased headers, text bodies as text, others base64.</summary>
    internal static async Task<FunctionUrlRequest> ToFunctionUrlRequestAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var question = raw.IndexOf('?');
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in context.Request.Headers)
            headers[name.ToLowerInvariant()] = values.ToString();

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        var bytes = body.ToArray();
        var isText = IsTextContent(context.Request.ContentType);
        return new FunctionUrlRequest
        {
            Version = "2.0",
            RawPath = question < 0 ? raw : raw[..question],
            RawQueryString = question < 0 ? "" : raw[(question + 1)..],
            Headers = headers,
            Body = bytes.Length == 0 ? null : isText ? Encoding.UTF8.GetString(bytes) : Convert.ToBase64String(bytes),
            IsBase64Encoded = bytes.Length > 0 && !isText,
            RequestContext = new FunctionUrlRequestContext
            {
                RequestId = context.TraceIdentifier,
                TimeEpoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                Http = new FunctionUrlHttp
                {
                    Method = context.Request.Method,
                    Path = question < 0 ? raw : raw[..question],
                    Protocol = context.Request.Protocol,
                    SourceIp = context.Connection.RemoteIpAddress?.ToString() ?? "",
                    UserAgent = context.Request.Headers.UserAgent.ToString(),
                },
            },
        };
    }

    private static bool IsTextContent(string? contentType)
    {
        var mediaType = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return mediaType.StartsWith("text/", StringComparison.Ordinal)
               || mediaType is "application/x-www-form-urlencoded" or "application/json" or "application/xml";
    }

    private static async Task WriteAsync(HttpContext context, FunctionUrlResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
            context.Response.Headers[name] = value;
        var bytes = response.IsBase64Encoded ? Convert.FromBase64String(response.Body) : Encoding.UTF8.GetBytes(response.Body);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private static Task WriteUnavailableAsync(HttpContext context) =>
        WriteAsync(context, ApprovalPages.Respond(503, ApprovalPages.Message("Starting", "The approval server is starting; try again in a moment.")));
}
