using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SmusServerless.Runtime.Configuration;
using SmusServerless.Runtime.Logging;
using SmusServerless.Runtime.RuntimeApi;

namespace SmusServerless.Runtime;

/// <summary>The outcome of an in-process invocation: the response JSON, or the error report Lambda would return.</summary>
public sealed record InProcessResult(byte[]? Payload, ErrorReport? Error);

/// <summary>
/// Runs registered handlers inside this process, as the offline stack's Lambda: the same registry, the same
/// (de)serialization and the same redacted error reports as the bootstrap, without the Runtime API.
/// </summary>
public sealed class InProcessFunctions
{
    private readonly HandlerRegistry _registry;
    private readonly RuntimeServices _services;
    private readonly ConcurrentDictionary<string, Lazy<IInvocationHandler>> _handlers = new(StringComparer.Ordinal);

    public InProcessFunctions(HandlerRegistry registry, RuntimeServices services)
    {
        _registry = registry;
        _services = services;
    }

    /// <summary>Runtime services that log through <paramref name="output"/> (e.g. a log file of the local stack).</summary>
    public static RuntimeServices LocalServices(string functionName, Stream output, TimeProvider time)
    {
        var environment = new InMemoryEnvironmentVariables([
            new(EnvironmentVariableNames.RuntimeApi, "127.0.0.1:0"),
            new(EnvironmentVariableNames.FunctionName, functionName),
            new("POWERTOOLS_SERVICE_NAME", "smus-serverless-local"),
            new("POWERTOOLS_METRICS_NAMESPACE", "SmusServerless"),
        ]);
        return RuntimeServices.Create(LambdaFunctionSettings.FromEnvironment(environment), environment, new JsonLineOutput(output), time);
    }

    public bool IsRegistered(string name) => _registry.TryGetFactory(name, out _);

    public async Task<InProcessResult> InvokeAsync(string name, byte[] payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var handler = _handlers.GetOrAdd(name, n => new Lazy<IInvocationHandler>(() =>
            _registry.TryGetFactory(n, out var factory) ? factory(_services) : throw new KeyNotFoundException($"no handler named '{n}' is registered")));
        var deadline = _services.Time.GetUtcNow() + timeout;
        var context = new InProcessContext(Guid.NewGuid().ToString("D"), name, deadline, _services.Time);
        // The invocation's log keys live in this call's async flow: concurrent invocations keep theirs apart.
        _services.LogContext.BeginInvocation(context);
        try
        {
            var response = await handler.Value.InvokeAsync(payload, context, cancellationToken).ConfigureAwait(false);
            return new InProcessResult(response, null);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var report = ErrorReports.FromException(error, _services.Redactor);
            _services.LoggerFactory.CreateLogger("InProcessFunctions").LogError("{Function} failed: {ErrorType}", name, report.ErrorType);
            return new InProcessResult(null, report);
        }
        finally
        {
            _services.LogContext.EndInvocation();
        }
    }

    private sealed class InProcessContext(string requestId, string functionName, DateTimeOffset deadline, TimeProvider time) : ILambdaContext
    {
        public string AwsRequestId => requestId;
        public TimeSpan RemainingTime => deadline - time.GetUtcNow();
        public DateTimeOffset Deadline => deadline;
        public string FunctionName => functionName;
        public string FunctionVersion => "$LATEST";
        public int MemoryLimitInMB => 512;
        public string InvokedFunctionArn => $"arn:aws:lambda:us-east-1:000000000000:function:{functionName}";
        public string LogGroupName => $"/aws/lambda/{functionName}";
        public string LogStreamName => "local";
        public string? TraceId => null;
        public string? ClientContext => null;
        public string? Identity => null;
    }
}
