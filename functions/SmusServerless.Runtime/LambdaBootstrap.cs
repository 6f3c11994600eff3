using SmusServerless.Runtime.Configuration;
using SmusServerless.Runtime.Logging;
using SmusServerless.Runtime.RuntimeApi;
using SmusServerless.Runtime.Redaction;

namespace SmusServerless.Runtime;

/// <summary>
/// The composition root of a <c>bootstrap</c> executable: reads the environment, wires logging, metrics and
/// the Runtime API client, registers the handlers and runs the loop. Its result is the process exit code.
/// </summary>
public static class LambdaBootstrap
{
    /// <summary>Runs inside a real Lambda sandbox: process environment, stdout, system clock.</summary>
    public static Task<int> RunAsync(Action<HandlerRegistry> registerHandlers, CancellationToken stoppingToken = default) =>
        RunAsync(registerHandlers, new ProcessEnvironmentVariables(), JsonLineOutput.StandardOutput(), TimeProvider.System,
            options: null, httpHandler: null, stoppingToken);

    /// <summary>Runs with every seam given (tests, benchmarks, local hosting).</summary>
    public static async Task<int> RunAsync(
        Action<HandlerRegistry> registerHandlers,
        IEnvironmentVariables environment,
        JsonLineOutput output,
        TimeProvider time,
        RuntimeOptions? options,
        HttpMessageHandler? httpHandler,
        CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(registerHandlers);
        ArgumentNullException.ThrowIfNull(environment);
        var registry = new HandlerRegistry();
        registerHandlers(registry);

        using var http = new HttpClient(httpHandler ?? new SocketsHttpHandler { UseProxy = false }, disposeHandler: httpHandler is null)
        {
            // GET next blocks until Lambda has an event; the loop's own token bounds every call.
            Timeout = Timeout.InfiniteTimeSpan,
        };

        LambdaFunctionSettings settings;
        try
        {
            settings = LambdaFunctionSettings.FromEnvironment(environment);
        }
        catch (RuntimeConfigurationException error)
        {
            return await ReportBadConfigurationAsync(error, environment, output, http, stoppingToken).ConfigureAwait(false);
        }

        var services = RuntimeServices.Create(settings, environment, output, time);
        var api = new RuntimeApiClient(http, settings.RuntimeApiAddress);
        return await new LambdaRuntime(api, registry, services, options).RunAsync(stoppingToken).ConfigureAwait(false);
    }

    // Without settings there is no logger yet: write one Powertools-shaped line, and tell Lambda if we know where it is.
    private static async Task<int> ReportBadConfigurationAsync(
        RuntimeConfigurationException error,
        IEnvironmentVariables environment,
        JsonLineOutput output,
        HttpClient http,
        CancellationToken stoppingToken)
    {
        var report = ErrorReports.Create(RuntimeErrorTypes.InvalidConfiguration, error.Message, SecretRedactor.Default);
        output.WriteLine(StructuredValueWriter.Render(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString(PowertoolsLogKeys.Level, nameof(Microsoft.Extensions.Logging.LogLevel.Critical));
            writer.WriteString(PowertoolsLogKeys.Message, $"Init failed: {report.ErrorType}: {report.ErrorMessage}");
            writer.WriteEndObject();
        }));
        var runtimeApi = environment.Get(EnvironmentVariableNames.RuntimeApi);
        if (!string.IsNullOrWhiteSpace(runtimeApi))
        {
            try
            {
                await new RuntimeApiClient(http, runtimeApi).PostInitErrorAsync(report, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception postError) when (postError is RuntimeApiException or HttpRequestException or ArgumentException or OperationCanceledException)
            {
                output.WriteLine(StructuredValueWriter.Render(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString(PowertoolsLogKeys.Level, nameof(Microsoft.Extensions.Logging.LogLevel.Critical));
                    writer.WriteString(PowertoolsLogKeys.Message, $"The init error could not be reported: {SecretRedactor.Default.Redact(postError.Message)}");
                    writer.WriteEndObject();
                }));
            }
        }

        return LambdaRuntime.ExitCodes.InitFailed;
    }
}
