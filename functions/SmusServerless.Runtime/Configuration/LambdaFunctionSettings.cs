using System.Globalization;
using Microsoft.Extensions.Logging;

namespace SmusServerless.Runtime.Configuration;

/// <summary>What the execution environment tells the runtime about the function, read once at init.</summary>
public sealed record LambdaFunctionSettings(
    string RuntimeApiAddress,
    string? Handler,
    string FunctionName,
    string FunctionVersion,
    int MemoryLimitInMB,
    string LogGroupName,
    string LogStreamName,
    string ServiceName,
    LogLevel MinimumLogLevel,
    string? MetricsNamespace)
{
    /// <summary>Powertools' value when POWERTOOLS_SERVICE_NAME is not set.</summary>
    public const string UndefinedServiceName = "service_undefined";

    /// <summary>
    /// Reads the settings. Throws <see cref="RuntimeConfigurationException"/> naming the variable and the value
    /// when one is present but unusable; absent optional values get Lambda's or Powertools' defaults.
    /// </summary>
    public static LambdaFunctionSettings FromEnvironment(IEnvironmentVariables environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var runtimeApi = environment.Get(EnvironmentVariableNames.RuntimeApi);
        if (string.IsNullOrWhiteSpace(runtimeApi))
        {
            throw new RuntimeConfigurationException(
                $"{EnvironmentVariableNames.RuntimeApi} is not set: the bootstrap must run inside a Lambda execution environment (or be given a local Runtime API address as host:port).");
        }

        return new LambdaFunctionSettings(
            RuntimeApiAddress: runtimeApi.Trim(),
            Handler: NullIfBlank(environment.Get(EnvironmentVariableNames.Handler)),
            FunctionName: environment.Get(EnvironmentVariableNames.FunctionName) ?? string.Empty,
            FunctionVersion: environment.Get(EnvironmentVariableNames.FunctionVersion) ?? "$LATEST",
            MemoryLimitInMB: ReadMemorySize(environment.Get(EnvironmentVariableNames.FunctionMemorySize)),
            LogGroupName: environment.Get(EnvironmentVariableNames.LogGroupName) ?? string.Empty,
            LogStreamName: environment.Get(EnvironmentVariableNames.LogStreamName) ?? string.Empty,
            ServiceName: NullIfBlank(environment.Get(EnvironmentVariableNames.PowertoolsServiceName)) ?? UndefinedServiceName,
            MinimumLogLevel: ReadLogLevel(environment),
            MetricsNamespace: NullIfBlank(environment.Get(EnvironmentVariableNames.PowertoolsMetricsNamespace)));
    }

    private static int ReadMemorySize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return 0;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var megabytes))
        {
            throw new RuntimeConfigurationException(
                $"{EnvironmentVariableNames.FunctionMemorySize} is '{value}', expected a whole number of megabytes.");
        }

        return megabytes;
    }

    // POWERTOOLS_LOG_LEVEL wins over AWS_LAMBDA_LOG_LEVEL (Lambda's advanced logging controls); Information otherwise.
    private static LogLevel ReadLogLevel(IEnvironmentVariables environment)
    {
        foreach (var name in new[] { EnvironmentVariableNames.PowertoolsLogLevel, EnvironmentVariableNames.LambdaLogLevel })
        {
            var value = NullIfBlank(environment.Get(name));
            if (value is null)
            {
                continue;
            }

            return LogLevelNames.TryParse(value, out var level)
                ? level
                : throw new RuntimeConfigurationException(
                    $"{name} is '{value}', expected one of {string.Join(", ", LogLevelNames.Accepted)}.");
        }

        return LogLevel.Information;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The level names accepted from POWERTOOLS_LOG_LEVEL (.NET names) and AWS_LAMBDA_LOG_LEVEL (TRACE..FATAL).</summary>
public static class LogLevelNames
{
    private static readonly Dictionary<string, LogLevel> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Trace"] = LogLevel.Trace,
        ["Debug"] = LogLevel.Debug,
        ["Information"] = LogLevel.Information,
        ["Info"] = LogLevel.Information,
        ["Warning"] = LogLevel.Warning,
        ["Warn"] = LogLevel.Warning,
        ["Error"] = LogLevel.Error,
        ["Critical"] = LogLevel.Critical,
        ["Fatal"] = LogLevel.Critical,
        ["None"] = LogLevel.None,
    };

    public static IReadOnlyCollection<string> Accepted => Names.Keys;

    public static bool TryParse(string value, out LogLevel level) => Names.TryGetValue(value.Trim(), out level);
}

/// <summary>The execution environment is configured in a way the runtime cannot work with.</summary>
public sealed class RuntimeConfigurationException(string message) : Exception(message);
