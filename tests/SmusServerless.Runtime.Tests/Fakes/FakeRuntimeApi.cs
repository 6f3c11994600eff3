using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmusServerless.Runtime.Tests.Fakes;

/// <summary>One event the fake hands out on GET next, with the headers Lambda would send.</summary>
internal sealed record FakeInvocation(
    string RequestId,
    string Payload,
    DateTimeOffset Deadline,
    string FunctionArn = FakeRuntimeApi.DefaultFunctionArn,
    string? TraceId = null,
    string? ClientContext = null,
    string? CognitoIdentity = null,
    int? FailWithStatus = null,
    int? RejectResponseWithStatus = null);

/// <summary>What the runtime posted back: a response, an invocation error or an init error.</summary>
internal sealed record PostedResult(string Kind, string? RequestId, string Body, string? ErrorTypeHeader, string? ContentType);

/// <summary>
/// The Lambda Runtime API (aws-models/lambda-runtime-api.yaml) on 127.0.0.1, served by Kestrel on a free port:
/// GET next hands out queued invocations (and blocks when there are none, as Lambda does); the posts are recorded.
/// </summary>
internal sealed class FakeRuntimeApi : IAsyncDisposable
{
    public const string DefaultFunctionArn = "arn:aws:lambda:eu-west-1:123456789012:function:smus-resolve";
    private const string Prefix = "/2018-06-01/runtime";

    private readonly WebApplication _app;
    private readonly Channel<FakeInvocation> _queue = Channel.CreateUnbounded<FakeInvocation>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<PostedResult>> _results = new();
    private readonly TaskCompletionSource<PostedResult> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<PostedResult> _all = new();
    private readonly ConcurrentDictionary<string, int> _responseRejections = new();

    private FakeRuntimeApi(WebApplication app) => _app = app;

    /// <summary>host:port, the value of AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address { get; private set; } = string.Empty;

    public IReadOnlyCollection<PostedResult> AllPosts => _all.ToArray();

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeRuntimeApi(app);
        app.MapGet($"{Prefix}/invocation/next", (RequestDelegate)fake.ServeNextAsync);
        app.MapPost(Prefix + "/invocation/{id}/response", (RequestDelegate)(context => fake.RecordAsync(context, "response")));
        app.MapPost(Prefix + "/invocation/{id}/error", (RequestDelegate)(context => fake.RecordAsync(context, "error")));
        app.MapPost($"{Prefix}/init/error", (RequestDelegate)(context => fake.RecordAsync(context, "init-error")));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Address = new Uri(address).Authority;
        return fake;
    }

    public void Enqueue(FakeInvocation invocation) => _queue.Writer.TryWrite(invocation);

    public Task<PostedResult> ResultFor(string requestId) => Slot(requestId).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public Task<PostedResult> InitError => _initError.Task.WaitAsync(TimeSpan.FromSeconds(30));

    public bool InitErrorPosted => _initError.Task.IsCompleted;

    private TaskCompletionSource<PostedResult> Slot(string requestId) =>
        _results.GetOrAdd(requestId, _ => new TaskCompletionSource<PostedResult>(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task ServeNextAsync(HttpContext context)
    {
        var invocation = await _queue.Reader.ReadAsync(context.RequestAborted);
        if (invocation.FailWithStatus is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }

        if (invocation.RejectResponseWithStatus is { } rejection)
        {
            _responseRejections[invocation.RequestId] = rejection;
        }

        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = invocation.Deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.FunctionArn;
        if (invocation.TraceId is not null)
        {
            headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        }

        if (invocation.ClientContext is not null)
        {
            headers["Lambda-Runtime-Client-Context"] = invocation.ClientContext;
        }

        if (invocation.CognitoIdentity is not null)
        {
            headers["Lambda-Runtime-Cognito-Identity"] = invocation.CognitoIdentity;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(invocation.Payload, context.RequestAborted);
    }

    private async Task RecordAsync(HttpContext context, string kind)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var requestId = context.Request.RouteValues.TryGetValue("id", out var id) ? id as string : null;
        if (kind == "response" && requestId is not null && _responseRejections.TryRemove(requestId, out var rejection))
        {
            context.Response.StatusCode = rejection;
            await context.Response.WriteAsync("""{"errorMessage":"rejected by the fake","errorType":"Fake"}""");
            return;
        }

        var posted = new PostedResult(
            kind, requestId, body,
            context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault(),
            context.Request.ContentType);
        _all.Enqueue(posted);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.WriteAsync("""{"status":"OK"}""");
        if (kind == "init-error")
        {
            _initError.TrySetResult(posted);
        }
        else
        {
            Slot(requestId!).TrySetResult(posted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
