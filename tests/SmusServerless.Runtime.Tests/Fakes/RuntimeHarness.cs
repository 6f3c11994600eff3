using Microsoft.Extensions.Time.Testing;
using SmusServerless.Runtime.Configuration;
using SmusServerless.Runtime.Logging;

namespace SmusServerless.Runtime.Tests.Fakes;

/// <summary>Runs the bootstrap in-process against a <see cref="FakeRuntimeApi"/>, with a fake clock and captured stdout.</summary>
internal sealed class RuntimeHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private RuntimeHarness(FakeRuntimeApi api, InMemoryEnvironmentVariables environment)
    {
        Api = api;
        Environment = environment;
    }

    public FakeRuntimeApi Api { get; }

    public InMemoryEnvironmentVariables Environment { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.Zero));

    public CapturedOutput Output { get; } = new();

    public Task<int>? Run { get; private set; }

    public static async Task<RuntimeHarness> StartAsync(
        string? handler,
        Action<HandlerRegistry> register,
        IEnumerable<KeyValuePair<string, string>>? extraEnvironment = null,
        RuntimeOptions? options = null)
    {
        var api = await FakeRuntimeApi.StartAsync();
        var variables = new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = api.Address,
            ["AWS_LAMBDA_FUNCTION_NAME"] = "smus-resolve",
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "7",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512",
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/smus-resolve",
            ["AWS_LAMBDA_LOG_STREAM_NAME"] = "2026/11/27/[7]abcdef",
            ["POWERTOOLS_SERVICE_NAME"] = "smus-pipeline",
            ["POWERTOOLS_METRICS_NAMESPACE"] = "SmusServerless",
        };
        if (handler is not null)
        {
            variables["_HANDLER"] = handler;
        }

        foreach (var (name, value) in extraEnvironment ?? [])
        {
            variables[name] = value;
        }

        var harness = new RuntimeHarness(api, new InMemoryEnvironmentVariables(variables));
        harness.Run = LambdaBootstrap.RunAsync(
            register, harness.Environment, new JsonLineOutput(harness.Output), harness.Time, options, httpHandler: null, harness._stop.Token);
        return harness;
    }

    public DateTimeOffset DeadlineIn(TimeSpan fromNow) => Time.GetUtcNow() + fromNow;

    public FakeInvocation Invocation(string requestId, string payload, string? traceId = null) =>
        new(requestId, payload, DeadlineIn(TimeSpan.FromSeconds(30)), TraceId: traceId);

    /// <summary>Stops the loop (as a shutdown would) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await Run!.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Run!.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
            // The run may end through the cancellation itself; the test already observed what it needed.
        }

        await Api.DisposeAsync();
        _stop.Dispose();
    }
}
