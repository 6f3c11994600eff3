using Microsoft.Extensions.Logging;
using SmusServerless.Runtime.Configuration;
using SmusServerless.Runtime.Logging;
using SmusServerless.Runtime.Metrics;
using SmusServerless.Runtime.Redaction;

namespace SmusServerless.Runtime;

/// <summary>
/// What the runtime offers handler factories, which build their handler once per sandbox (at init) by plain
/// constructor injection: logging, metrics, the per-invocation log keys, the clock and the environment.
/// </summary>
public sealed record RuntimeServices(
    ILoggerFactory LoggerFactory,
    IMetrics Metrics,
    LambdaLogContext LogContext,
    TimeProvider Time,
    IEnvironmentVariables Environment,
    LambdaFunctionSettings Settings,
    SecretRedactor Redactor)
{
    /// <summary>Wires the Powertools-compatible logger and EMF metrics to one output.</summary>
    public static RuntimeServices Create(
        LambdaFunctionSettings settings,
        IEnvironmentVariables environment,
        JsonLineOutput output,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var redactor = SecretRedactor.Default;
        var logContext = new LambdaLogContext();
        var logSettings = new PowertoolsLogSettings(
            settings.ServiceName, settings.MinimumLogLevel, settings.FunctionName, settings.FunctionVersion, settings.MemoryLimitInMB);
        var loggerFactory = new LambdaLoggerFactory(new PowertoolsJsonLoggerProvider(logSettings, logContext, output, time, redactor));
        var metrics = new EmfMetrics(settings.MetricsNamespace, settings.ServiceName, output, time, redactor);
        return new RuntimeServices(loggerFactory, metrics, logContext, time, environment, settings, redactor);
    }
}
