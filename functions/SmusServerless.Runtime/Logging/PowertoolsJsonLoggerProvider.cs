using Microsoft.Extensions.Logging;
using SmusServerless.Runtime.Redaction;

namespace SmusServerless.Runtime.Logging;

/// <summary>What is fixed for the life of the sandbox on every log line.</summary>
public sealed record PowertoolsLogSettings(
    string Service,
    LogLevel MinimumLevel,
    string FunctionName,
    string FunctionVersion,
    int FunctionMemorySize);

/// <summary>
/// Powertools-compatible structured JSON logs (stands in for AWS.Lambda.Powertools.Logging, not served here):
/// one line per entry on <see cref="JsonLineOutput"/> with the keys level, message, timestamp, service, cold_start,
/// function_name, function_memory_size, function_arn, function_request_id, function_version, xray_trace_id,
/// correlation_id, name, then template arguments, appended keys and the exception.
/// </summary>
public sealed class PowertoolsJsonLoggerProvider(
    PowertoolsLogSettings settings,
    LambdaLogContext context,
    JsonLineOutput output,
    TimeProvider time,
    SecretRedactor redactor) : ILoggerProvider
{
    internal PowertoolsLogSettings Settings { get; } = settings;

    internal LambdaLogContext Context { get; } = context;

    internal JsonLineOutput Output { get; } = output;

    internal TimeProvider Time { get; } = time;

    internal SecretRedactor Redactor { get; } = redactor;

    public ILogger CreateLogger(string categoryName) => new PowertoolsJsonLogger(categoryName, this);

    public void Dispose()
    {
        // Lines are written through as they come: nothing is buffered, so nothing is left to flush.
    }
}

/// <summary>
/// The <see cref="ILoggerFactory"/> handed to handlers. Microsoft.Extensions.Logging's own factory is not a
/// dependency here; this one serves the single Powertools provider, which is all a Lambda sandbox writes to.
/// </summary>
public sealed class LambdaLoggerFactory(PowertoolsJsonLoggerProvider provider) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("The Lambda logger factory writes Powertools JSON to stdout only; it takes no other providers.");

    public void Dispose() => provider.Dispose();
}
