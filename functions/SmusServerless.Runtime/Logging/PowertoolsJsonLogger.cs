using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SmusServerless.Runtime.Redaction;

namespace SmusServerless.Runtime.Logging;

/// <summary>
/// An <see cref="ILogger"/> that writes one Powertools-shaped JSON line per entry. Message-template arguments
/// become keys of their own; every text that came from the caller passes through the <see cref="SecretRedactor"/>.
/// </summary>
internal sealed class PowertoolsJsonLogger(string category, PowertoolsJsonLoggerProvider provider) : ILogger
{
    private const string OriginalFormatKey = "{OriginalFormat}";

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= provider.Settings.MinimumLevel;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(formatter);
        var redactor = provider.Redactor;
        var message = state is IReadOnlyList<KeyValuePair<string, object?>> template
            ? MessageTemplate.FormatMasked(template, redactor) ?? formatter(state, exception)
            : formatter(state, exception);
        var line = StructuredValueWriter.Render(writer =>
        {
            writer.WriteStartObject();
            WriteStandardKeys(writer, logLevel, redactor.Redact(message ?? string.Empty));
            var written = new HashSet<string>(StringComparer.Ordinal);
            if (state is IReadOnlyList<KeyValuePair<string, object?>> arguments)
            {
                foreach (var (key, value) in arguments)
                {
                    if (key != OriginalFormatKey && !PowertoolsLogKeys.IsReserved(key) && written.Add(key))
                    {
                        // An argument that repeats an appended identifier (approval_id) is written as that identifier.
                        var same = value is string text && provider.Context.AppendedKeys.Any(pair =>
                            pair.Key == key && pair.Value is LogIdentifier identifier && identifier.Value == text);
                        StructuredValueWriter.WriteProperty(writer, key, same ? new LogIdentifier((string)value!) : value, redactor);
                    }
                }
            }

            foreach (var (key, value) in provider.Context.AppendedKeys)
            {
                if (written.Add(key))
                {
                    StructuredValueWriter.WriteProperty(writer, key, value, redactor);
                }
            }

            if (exception is not null)
            {
                WriteException(writer, exception, redactor);
            }

            writer.WriteEndObject();
        });
        provider.Output.WriteLine(line);
    }

    private void WriteStandardKeys(Utf8JsonWriter writer, LogLevel logLevel, string message)
    {
        var settings = provider.Settings;
        var context = provider.Context;
        writer.WriteString(PowertoolsLogKeys.Level, logLevel.ToString());
        writer.WriteString(PowertoolsLogKeys.Message, message);
        writer.WriteString(PowertoolsLogKeys.Timestamp,
            provider.Time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteString(PowertoolsLogKeys.Service, settings.Service);
        writer.WriteBoolean(PowertoolsLogKeys.ColdStart, context.ColdStart);
        writer.WriteString(PowertoolsLogKeys.FunctionName, settings.FunctionName);
        writer.WriteNumber(PowertoolsLogKeys.FunctionMemorySize, settings.FunctionMemorySize);
        WriteIfPresent(writer, PowertoolsLogKeys.FunctionArn, context.FunctionArn);
        WriteIfPresent(writer, PowertoolsLogKeys.FunctionRequestId, context.RequestId);
        writer.WriteString(PowertoolsLogKeys.FunctionVersion, settings.FunctionVersion);
        WriteIfPresent(writer, PowertoolsLogKeys.XRayTraceId, XRayTraceHeader.Root(context.TraceId));
        // An execution ARN is written as it is (the redactor's shape rules would mask its execution name); anything else is redacted.
        WriteIfPresent(writer, PowertoolsLogKeys.CorrelationId,
            context.CorrelationId is { } id ? LogIdentifier.IsReadable(id) ? id : provider.Redactor.Redact(id) : null);
        writer.WriteString(PowertoolsLogKeys.Name, category);
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(key, value);
        }
    }

    private static void WriteException(Utf8JsonWriter writer, Exception exception, SecretRedactor redactor)
    {
        writer.WriteStartObject(PowertoolsLogKeys.Exception);
        writer.WriteString("type", exception.GetType().FullName);
        writer.WriteString("message", redactor.Redact(exception.Message));
        if (exception.StackTrace is { } stack)
        {
            writer.WriteString("stack_trace", redactor.Redact(stack));
        }

        if (exception.InnerException is { } inner)
        {
            writer.WriteString("inner_exception", redactor.Redact($"{inner.GetType().FullName}: {inner.Message}"));
        }

        writer.WriteEndObject();
    }
}

/// <summary>Reads the X-Ray trace header (<c>Root=1-...;Parent=...;Sampled=1</c>).</summary>
internal static class XRayTraceHeader
{
    /// <summary>The <c>Root</c> trace id, which is what Powertools logs as <c>xray_trace_id</c>.</summary>
    public static string? Root(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        foreach (var part in header.Split(';', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("Root=", StringComparison.Ordinal))
            {
                return part["Root=".Length..];
            }
        }

        return header;
    }
}
