using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmusServerless.Bench.ColdStart;

/// <summary>
/// A minimal Lambda Runtime API on 127.0.0.1 (aws-models/lambda-runtime-api.yaml), served by Kestrel: GET next
/// hands out the queued events and blocks when there are none; posts are timestamped once their body has arrived.
/// </summary>
internal sealed class LocalRuntimeApi : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime";
    private readonly Channel<(int Generation, string Payload)> _events = Channel.CreateUnbounded<(int, string)>();
    private readonly Channel<Completion> _completions = Channel.CreateUnbounded<Completion>();
    private WebApplication? _app;
    private long _nextRequestId;
    private int _generation;

    public string Address { get; private set; } = string.Empty;

    /// <summary>Timestamp (Stopwatch ticks) at which the last event was handed out.</summary>
    public long LastHandedOut { get; private set; }

    /// <summary>Timestamp of the first GET next since <see cref="ResetProcessMarks"/> (the runtime is ready).</summary>
    public long FirstNextAt { get; private set; }

    public static async Task<LocalRuntimeApi> StartAsync()
    {
        var api = new LocalRuntimeApi();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet($"{Prefix}/invocation/next", (RequestDelegate)api.ServeNextAsync);
        app.MapPost(Prefix + "/invocation/{id}/response", (RequestDelegate)(context => api.RecordAsync(context, "response")));
        app.MapPost(Prefix + "/invocation/{id}/error", (RequestDelegate)(context => api.RecordAsync(context, "error")));
        app.MapPost($"{Prefix}/init/error", (RequestDelegate)(context => api.RecordAsync(context, "init-error")));
        await app.StartAsync();
        api._app = app;
        api.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Authority;
        return api;
    }

    /// <summary>
    /// Starts a new bootstrap process: GET next requests still pending from a killed one (their connection not yet
    /// seen closed) belong to an older generation and hand its events back instead of swallowing them.
    /// </summary>
    public void ResetProcessMarks()
    {
        FirstNextAt = 0;
        Interlocked.Increment(ref _generation);
    }

    public void Enqueue(string payload) => _events.Writer.TryWrite((Volatile.Read(ref _generation), payload));

    public ValueTask<Completion> NextCompletionAsync(CancellationToken cancellationToken) => _completions.Reader.ReadAsync(cancellationToken);

    private async Task ServeNextAsync(HttpContext context)
    {
        var generation = Volatile.Read(ref _generation);
        if (FirstNextAt == 0)
        {
            FirstNextAt = Stopwatch.GetTimestamp();
        }

        var next = await _events.Reader.ReadAsync(context.RequestAborted);
        if (next.Generation != generation)
        {
            _events.Writer.TryWrite(next);
            context.Abort();
            return;
        }

        var body = Encoding.UTF8.GetBytes(next.Payload);
        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = "bench-" + Interlocked.Increment(ref _nextRequestId).ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Deadline-Ms"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:eu-west-1:123456789012:function:bench";
        headers["Lambda-Runtime-Trace-Id"] = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        LastHandedOut = Stopwatch.GetTimestamp();
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private async Task RecordAsync(HttpContext context, string kind)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var at = Stopwatch.GetTimestamp();
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        _completions.Writer.TryWrite(new Completion(kind, body, at));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

internal sealed record Completion(string Kind, string Body, long At);
