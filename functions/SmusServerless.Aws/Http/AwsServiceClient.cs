using System.Net.Http.Headers;
using System.Text.Json;
using SmusServerless.Aws.Endpoints;
using SmusServerless.Aws.Errors;
using SmusServerless.Aws.Protocols;
using SmusServerless.Aws.Signing;

namespace SmusServerless.Aws.Http;

/// <summary>
/// Sends typed operations: serialise per protocol, sign with SigV4 (fresh per attempt), send, retry
/// throttling / 5xx / network faults with full-jitter backoff, parse the response or raise a typed error.
/// </summary>
public sealed class AwsServiceClient
{
    private static readonly Lazy<SdkCredentialsProvider> DefaultCredentials = new(() => new SdkCredentialsProvider());
    private readonly AwsServiceMetadata _service;
    private readonly AwsClientOptions _options;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _region;
    private readonly ICredentialsProvider _credentials;

    public AwsServiceClient(AwsServiceMetadata service, AwsClientOptions options)
    {
        _service = service;
        _options = options;
        _region = options.Region ?? (options.ServiceUrl is null
            ? throw new EndpointConfigurationException($"No region for {service.ServiceId}: set AwsClientOptions.Region or AWS_REGION.")
            : "us-east-1");
        _endpoint = AwsEndpointResolver.Resolve(service, new EndpointParameters(_region, options.UseFips, options.UseDualStack, options.ServiceUrl));
        _credentials = options.Credentials ?? DefaultCredentials.Value;
        // Redirects are never followed: a followed redirect would replay a signature made for another URL.
        _http = new HttpClient(options.HttpHandler ?? new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: options.HttpHandler is null)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The resolved endpoint (for diagnostics and tests).</summary>
    public Uri Endpoint => _endpoint;

    public async Task<TResponse> InvokeAsync<TRequest, TResponse>(AwsOperation<TRequest, TResponse> operation, TRequest request, CancellationToken cancellationToken)
        where TRequest : class
    {
        ArgumentNullException.ThrowIfNull(request);
        // Tokens are filled once, before the first attempt, so every retry carries the same token.
        var prepared = operation.WithIdempotencyTokens(request, _options.IdempotencyTokenFactory);
        var wire = AwsRequestSerializer.Serialize(operation, prepared);
        var sensitive = SensitiveValues(operation, prepared);
        var retry = _options.Retry;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(operation, wire, sensitive, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < retry.MaxAttempts && IsRetryable(e, cancellationToken))
            {
                // Fall through to the backoff below, then try again.
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{operation.Name}: {_service.ServiceId} did not answer within {_options.AttemptTimeout} ({attempt} attempt(s)).", e);
            }
            await RetryBackoff.WaitAsync(RetryBackoff.DelayFor(attempt - 1, retry), retry, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Throttling, server faults, network faults and attempt timeouts are retried; nothing else is.</summary>
    private static bool IsRetryable(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        AwsServiceException service => service.IsRetryable,
        HttpRequestException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private async Task<TResponse> SendOnceAsync<TRequest, TResponse>(AwsOperation<TRequest, TResponse> operation, AwsHttpRequest wire, IReadOnlyList<string> sensitive, CancellationToken cancellationToken)
        where TRequest : class
    {
        using var message = await BuildSignedMessageAsync(wire, cancellationToken).ConfigureAwait(false);
        // The attempt timeout runs on the options' clock, so tests control it like every other wait.
        using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _options.TimeProvider);
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(attemptTimeout.Token).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            try
            {
                return operation.ReadResponse(body);
            }
            catch (JsonException e)
            {
                throw new AwsResponseFormatException($"{operation.Name}: the {_service.ServiceId} response does not match {operation.OutputShape}: {e.Message}", e);
            }
        }
        var headers = response.Headers.Concat(response.Content.Headers)
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)));
        var error = AwsErrorParser.Parse(status, headers, body);
        throw AwsServiceException.From(error with { Message = Redact(error.Message, sensitive) }, operation.Name);
    }

    private async Task<HttpRequestMessage> BuildSignedMessageAsync(AwsHttpRequest wire, CancellationToken cancellationToken)
    {
        var basePath = _endpoint.AbsolutePath.TrimEnd('/');
        var path = basePath + wire.Path;
        var uri = new UriBuilder(_endpoint) { Path = path, Query = wire.Query }.Uri;
        var host = _endpoint.IsDefaultPort ? _endpoint.IdnHost : $"{_endpoint.IdnHost}:{_endpoint.Port}";
        var toSign = new List<KeyValuePair<string, string>> { new("Host", host) };
        toSign.AddRange(wire.Headers);

        var credentials = await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        var signature = SigV4Signer.Sign(
            new SigV4Request(wire.Method, path, wire.Query, toSign, SigV4Canonicalizer.HexSha256(wire.Body)),
            new SigV4Scope(credentials, _region, _service.SigningName, _options.TimeProvider.GetUtcNow()));

        var message = new HttpRequestMessage(new HttpMethod(wire.Method), uri);
        if (wire.Body.Length > 0 || wire.Method is "POST" or "PUT")
            message.Content = new ByteArrayContent(wire.Body);
        foreach (var (name, value) in wire.Headers.Concat(signature.HeadersToAdd))
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }
        message.Headers.UserAgent.ParseAdd("smus-serverless/1.0");
        return message;
    }

    private static IReadOnlyList<string> SensitiveValues<TRequest, TResponse>(AwsOperation<TRequest, TResponse> operation, TRequest request)
        where TRequest : class
        => operation.GetSensitiveValues(request).Where(v => !string.IsNullOrEmpty(v) && v.Length >= 4).Select(v => v!).ToList();

    // A service may echo request values (e.g. a task token) in its message: never let a secret through.
    private static string Redact(string message, IReadOnlyList<string> sensitive)
        => sensitive.Aggregate(message, (text, secret) => text.Replace(secret, "***", StringComparison.Ordinal));
}

/// <summary>A success response that does not parse as the model's output shape.</summary>
public sealed class AwsResponseFormatException(string message, Exception inner) : Exception(message, inner);
