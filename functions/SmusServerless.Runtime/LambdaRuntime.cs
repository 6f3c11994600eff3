using Microsoft.Extensions.Logging;
using SmusServerless.Runtime.Configuration;
using SmusServerless.Runtime.RuntimeApi;

namespace SmusServerless.Runtime;

/// <summary>
/// The custom-runtime loop (stands in for Amazon.Lambda.RuntimeSupport): build the handler named by
/// <c>_HANDLER</c> (or report an init error and exit), then next → handle → response/error, one invocation
/// at a time, until the Runtime API reports a container error or <c>stoppingToken</c> is cancelled.
/// </summary>
public sealed class LambdaRuntime
{
    /// <summary>Exit codes of <see cref="RunAsync"/>.</summary>
    public static class ExitCodes
    {
        public const int Stopped = 0;
        public const int InitFailed = 1;
        public const int RuntimeApiFailed = 2;
    }

    private readonly RuntimeApiClient _api;
    private readonly HandlerRegistry _registry;
    private readonly RuntimeServices _services;
    private readonly RuntimeOptions _options;
    private readonly ILogger _logger;

    public LambdaRuntime(RuntimeApiClient api, HandlerRegistry registry, RuntimeServices services, RuntimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(services);
        _api = api;
        _registry = registry;
        _services = services;
        _options = options ?? new RuntimeOptions();
        _logger = services.LoggerFactory.CreateLogger("SmusServerless.Runtime");
    }

    public async Task<int> RunAsync(CancellationToken stoppingToken)
    {
        var handler = await InitializeAsync(stoppingToken).ConfigureAwait(false);
        if (handler is null)
        {
            return ExitCodes.InitFailed;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            Invocation invocation;
            try
            {
                invocation = await _api.GetNextInvocationAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error) when (error is RuntimeApiException or HttpRequestException)
            {
                _logger.LogCritical(error, "The Runtime API failed to hand out the next invocation; the runtime exits");
                return ExitCodes.RuntimeApiFailed;
            }

            if (!await ProcessAsync(handler, invocation, stoppingToken).ConfigureAwait(false))
            {
                return ExitCodes.RuntimeApiFailed;
            }
        }

        return ExitCodes.Stopped;
    }

    private async Task<IInvocationHandler?> InitializeAsync(CancellationToken stoppingToken)
    {
        var name = _services.Settings.Handler;
        ErrorReport report;
        if (name is null)
        {
            report = ErrorReports.Create(RuntimeErrorTypes.HandlerNotSet,
                $"{EnvironmentVariableNames.Handler} is not set; it names the handler to run ({KnownHandlers()}).", _services.Redactor);
        }
        else if (!_registry.TryGetFactory(name, out var factory))
        {
            report = ErrorReports.Create(RuntimeErrorTypes.UnknownHandler,
                $"No handler is registered as '{name}' ({KnownHandlers()}).", _services.Redactor);
        }
        else
        {
            try
            {
                return factory(_services);
            }
            catch (Exception error)
            {
                var cause = ErrorReports.FromException(error, _services.Redactor);
                report = cause with
                {
                    ErrorType = RuntimeErrorTypes.HandlerInitFailed,
                    ErrorMessage = $"Handler '{name}' could not be built: {cause.ErrorType}: {cause.ErrorMessage}",
                };
            }
        }

        await ReportInitErrorAsync(report, stoppingToken).ConfigureAwait(false);
        return null;
    }

    private string KnownHandlers() =>
        _registry.Names.Count == 0 ? "none is registered" : "registered: " + string.Join(", ", _registry.Names.Order(StringComparer.Ordinal));

    /// <summary>Reports an init error to the Runtime API; the caller exits afterwards.</summary>
    private async Task ReportInitErrorAsync(ErrorReport report, CancellationToken stoppingToken)
    {
        _logger.LogCritical("Init failed: {ErrorType}: {ErrorMessage}", report.ErrorType, report.ErrorMessage);
        try
        {
            await _api.PostInitErrorAsync(report, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is RuntimeApiException or HttpRequestException or OperationCanceledException)
        {
            _logger.LogCritical(error, "The init error could not be reported to the Runtime API");
        }
    }

    /// <summary>Handles one invocation; false when the Runtime API is gone and the runtime must exit.</summary>
    private async Task<bool> ProcessAsync(IInvocationHandler handler, Invocation invocation, CancellationToken stoppingToken)
    {
        // Lambda's contract for custom runtimes: the trace header of the current invocation is in _X_AMZN_TRACE_ID.
        _services.Environment.Set(EnvironmentVariableNames.TraceId, invocation.TraceId);
        var context = new LambdaContext(invocation, _services.Settings, _services.Time);
        _services.LogContext.BeginInvocation(context);
        try
        {
            using var deadline = DeadlineCancellation.Create(invocation.Deadline, _options.DeadlineReserve, _services.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stoppingToken);
            byte[]? response = null;
            ErrorReport? failure = null;
            try
            {
                response = await handler.InvokeAsync(invocation.Payload, context, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                failure = ErrorReports.Create(RuntimeErrorTypes.DeadlineExceeded,
                    $"The handler was cancelled {_options.DeadlineReserve.TotalMilliseconds:0} ms before the invocation's deadline and did not finish.",
                    _services.Redactor);
                _logger.LogError("{ErrorType}: {ErrorMessage}", failure.ErrorType, failure.ErrorMessage);
            }
            catch (Exception error)
            {
                failure = ErrorReports.FromException(error, _services.Redactor);
                _logger.LogError(error, "The handler failed: {ErrorType}", failure.ErrorType);
            }

            FlushMetrics();
            return failure is null
                ? await PostResponseAsync(invocation.RequestId, response!, stoppingToken).ConfigureAwait(false)
                : await PostErrorAsync(invocation.RequestId, failure, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _services.LogContext.EndInvocation();
        }
    }

    private void FlushMetrics()
    {
        try
        {
            _services.Metrics.Flush();
        }
        catch (Exception error) when (error is IOException or Metrics.MetricsException)
        {
            _logger.LogError(error, "The metrics of this invocation could not be written");
        }
    }

    private async Task<bool> PostResponseAsync(string requestId, byte[] response, CancellationToken stoppingToken)
    {
        try
        {
            await _api.PostResponseAsync(requestId, response, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (RuntimeApiException error) when (error.StatusCode == System.Net.HttpStatusCode.RequestEntityTooLarge)
        {
            var report = ErrorReports.Create(RuntimeErrorTypes.ResponseTooLarge,
                $"The response of {response.Length} bytes is larger than Lambda accepts.", _services.Redactor);
            return await PostErrorAsync(requestId, report, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is RuntimeApiException or HttpRequestException or OperationCanceledException)
        {
            return HandlePostFailure(error);
        }
    }

    private async Task<bool> PostErrorAsync(string requestId, ErrorReport report, CancellationToken stoppingToken)
    {
        try
        {
            await _api.PostInvocationErrorAsync(requestId, report, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception error) when (error is RuntimeApiException or HttpRequestException or OperationCanceledException)
        {
            return HandlePostFailure(error);
        }
    }

    // A 4xx on a post concerns that invocation only (Lambda has already given up on it), and a cancellation means
    // the loop is stopping: both let the loop carry on (or end normally). Anything else means the Runtime API is gone.
    private bool HandlePostFailure(Exception error)
    {
        _logger.LogError(error, "The result of the invocation could not be posted to the Runtime API");
        return error is OperationCanceledException or RuntimeApiException { IsFatal: false };
    }
}
