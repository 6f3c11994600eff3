using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace SmusServerless.Runtime.RuntimeApi;

/// <summary>
/// The HTTP client of the Lambda Runtime API (aws-models/lambda-runtime-api.yaml, base path <c>/2018-06-01</c>)
/// at the address Lambda gives in <c>AWS_LAMBDA_RUNTIME_API</c> (<c>host:port</c>).
/// </summary>
public sealed class RuntimeApiClient
{
    public const string RequestIdHeader = "Lambda-Runtime-Aws-Request-Id";
    public const string DeadlineHeader = "Lambda-Runtime-Deadline-Ms";
    public const string FunctionArnHeader = "Lambda-Runtime-Invoked-Function-Arn";
    public const string TraceIdHeader = "Lambda-Runtime-Trace-Id";
    public const string ClientContextHeader = "Lambda-Runtime-Client-Context";
    public const string CognitoIdentityHeader = "Lambda-Runtime-Cognito-Identity";
    public const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";
    public const string ErrorContentType = "application/vnd.aws.lambda.error+json";

    private readonly HttpClient _http;
    private readonly Uri _baseAddress;

    /// <param name="http">A client without a timeout: <c>next</c> blocks until an event arrives.</param>
    /// <param name="runtimeApiAddress">The value of <c>AWS_LAMBDA_RUNTIME_API</c>, e.g. <c>127.0.0.1:9001</c>.</param>
    public RuntimeApiClient(HttpClient http, string runtimeApiAddress)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApiAddress);
        _http = http;
        if (!Uri.TryCreate($"http://{runtimeApiAddress.Trim()}/2018-06-01/", UriKind.Absolute, out var baseAddress))
        {
            throw new ArgumentException($"'{runtimeApiAddress}' is not a host:port address.", nameof(runtimeApiAddress));
        }

        _baseAddress = baseAddress;
    }

    /// <summary>Blocks until Lambda hands out the next event.</summary>
    public async Task<Invocation> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(
            new Uri(_baseAddress, "runtime/invocation/next"), HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new RuntimeApiException(
                $"GET /runtime/invocation/next answered {(int)response.StatusCode} {response.ReasonPhrase}.", response.StatusCode);
        }

        var requestId = RequiredHeader(response, RequestIdHeader);
        var deadlineText = RequiredHeader(response, DeadlineHeader);
        if (!long.TryParse(deadlineText, NumberStyles.None, CultureInfo.InvariantCulture, out var deadlineMs))
        {
            throw new RuntimeApiException($"{DeadlineHeader} is '{deadlineText}', expected milliseconds since the Unix epoch.");
        }

        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new Invocation(
            RequestId: requestId,
            Deadline: DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs),
            InvokedFunctionArn: OptionalHeader(response, FunctionArnHeader) ?? string.Empty,
            TraceId: OptionalHeader(response, TraceIdHeader),
            ClientContext: OptionalHeader(response, ClientContextHeader),
            CognitoIdentity: OptionalHeader(response, CognitoIdentityHeader),
            Payload: payload);
    }

    /// <summary>Posts a handler's JSON result.</summary>
    public async Task PostResponseAsync(string requestId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/response", content, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Posts an invocation error; the caller has already made the report safe (see <see cref="ErrorReports"/>).</summary>
    public Task PostInvocationErrorAsync(string requestId, ErrorReport report, CancellationToken cancellationToken) =>
        PostErrorAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/error", report, cancellationToken);

    /// <summary>Posts a non-recoverable initialization error; the runtime exits afterwards.</summary>
    public Task PostInitErrorAsync(ErrorReport report, CancellationToken cancellationToken) =>
        PostErrorAsync("runtime/init/error", report, cancellationToken);

    private async Task PostErrorAsync(string path, ErrorReport report, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(report, RuntimeApiJsonContext.Default.ErrorReport);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(ErrorContentType);
        await PostAsync(path, content, cancellationToken, report.ErrorType).ConfigureAwait(false);
    }

    private async Task PostAsync(string path, HttpContent content, CancellationToken cancellationToken, string? errorType = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseAddress, path)) { Content = content };
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation(ErrorTypeHeader, errorType);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new RuntimeApiException(
                $"POST /{path} answered {(int)response.StatusCode} {response.ReasonPhrase}.", response.StatusCode);
        }
    }

    private static string RequiredHeader(HttpResponseMessage response, string name) =>
        OptionalHeader(response, name)
        ?? throw new RuntimeApiException($"GET /runtime/invocation/next answered without the {name} header.");

    private static string? OptionalHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() is { Length: > 0 } value ? value : null : null;
}
