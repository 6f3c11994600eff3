using SmusServerless.Local.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmusServerless.Aws.Signing;
using SmusServerless.Local.DataZone;
using SmusServerless.Local.Endpoints.Protocol;
using SmusServerless.Local.Endpoints.Signing;
using SmusServerless.Local.Endpoints.StepFunctions;
using SmusServerless.Local.Events;

namespace SmusServerless.Local.Endpoints;

/// <summary>
/// DataZone (restJson1), EventBridge (awsJson1_1), Step Functions (awsJson1_0) and CloudFormation DescribeStacks (awsQuery) on one 127.0.0.1 port. Every
/// request must be SigV4-signed (checked by the Wire's <see cref="SigV4Verifier"/>); the service name of its credential scope (<c>datazone</c>, <c>events</c>,
/// <c>states</c>) picks the service, just as each AWS SDK client signs for its own service. So all three base URLs
/// are the same URL, and an SDK client only needs <c>endpoint = BaseUrl</c> plus the local credentials.
/// </summary>
public sealed class LocalAwsHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SigV4Verifier _verifier;
    private readonly StepFunctionsEndpoint _stepFunctions;
    private readonly EventBridgeEndpoint _eventBridge;
    private readonly CloudFormation.CloudFormationEndpoint _cloudFormation;

    private LocalAwsHost(WebApplication app, LocalAwsHostOptions options, DataZoneSimulator dataZone, EventBus events,
        StepFunctionsEndpoint stepFunctions, EventBridgeEndpoint eventBridge)
    {
        _app = app;
        Credentials = options.Credentials;
        DataZone = dataZone;
        Events = events;
        _stepFunctions = stepFunctions;
        _eventBridge = eventBridge;
        Stack = options.Stack;
        _cloudFormation = new CloudFormation.CloudFormationEndpoint(() => Stack, options.Credentials.Region);
        // Clients sign with the wall clock, whatever clock the simulators run on.
        _verifier = RequestSignatures.Verifier(options.Credentials, TimeProvider.System, options.AllowedClockSkew);
    }

    public Uri BaseUrl { get; private set; } = null!;

    public Uri DataZoneUrl => BaseUrl;

    public Uri EventBridgeUrl => BaseUrl;

    public Uri StepFunctionsUrl => BaseUrl;

    public Uri CloudFormationUrl => BaseUrl;

    /// <summary>The stack DescribeStacks answers; set once what it names exists (a state machine is created after the host starts).</summary>
    public CloudFormation.LocalStackDescription? Stack { get; set; }

    public LocalAwsCredentials Credentials { get; }

    /// <summary>One line per service for <c>serve</c> to print: its name, SigV4 signing name and base URL.</summary>
    public IReadOnlyList<LocalServiceEndpoint> Endpoints =>
    [
        new("DataZone", "datazone", DataZoneUrl),
        new("Step Functions", "states", StepFunctionsUrl),
        new("EventBridge", "events", EventBridgeUrl),
        new("CloudFormation", "cloudformation", CloudFormationUrl),
    ];

    public DataZoneSimulator DataZone { get; }

    public EventBus Events { get; }

    public static async Task<LocalAwsHost> StartAsync(LocalAwsHostOptions options, CancellationToken cancellationToken = default)
    {
        var dataZone = new DataZoneSimulator(options.DataZone with
        {
            StateDirectory = options.StateDirectory,
            TimeProvider = options.TimeProvider,
            ModelsDirectory = options.ModelsDirectory,
            Region = options.Credentials.Region,
        });
        if (options.Seed is not null)
        {
            await dataZone.SeedAsync(options.Seed, cancellationToken).ConfigureAwait(false);
        }

        var events = new EventBus(options.DataZone.AccountId, options.Credentials.Region, options.TimeProvider, options.StateDirectory);
        foreach (var rule in options.EventRules)
        {
            events.AddRule(rule);
        }

        var builder = EmbeddedWebApplication.CreateBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var host = new LocalAwsHost(app, options, dataZone, events,
            new StepFunctionsEndpoint(ServiceModels.Get(ServiceModels.StepFunctions, options.ModelsDirectory), options.StepFunctions),
            new EventBridgeEndpoint(ServiceModels.Get(ServiceModels.EventBridge, options.ModelsDirectory), events));
        app.Run(host.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        host.BaseUrl = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return host;
    }

    /// <summary>Stops accepting requests and lets the ones in flight finish; <see cref="DisposeAsync"/> also releases the port.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        AwsHttpResponse response;
        try
        {
            response = await DispatchAsync(context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug or backend failure must still look like an AWS 500, not a dropped connection; details stay in the exception.
            response = AwsJsonErrors.Error(500, "InternalFailure", $"The local endpoint failed: {e.GetType().Name}.", AwsHttpResponse.JsonContentType);
        }

        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<AwsHttpResponse> DispatchAsync(HttpContext context)
    {
        var request = await ReadAsync(context).ConfigureAwait(false);
        var verification = await _verifier.VerifyAsync(request, context.RequestAborted).ConfigureAwait(false);
        AwsHttpResponse response;
        if (!verification.IsValid)
        {
            response = AwsJsonErrors.Error(403, verification.ErrorCode!, verification.Message!, AwsHttpResponse.JsonContentType);
        }
        else
        {
            response = verification.Service switch
            {
                "datazone" => await DataZone.HandleAsync(request, context.RequestAborted).ConfigureAwait(false),
                "states" => await _stepFunctions.HandleAsync(request, context.RequestAborted).ConfigureAwait(false),
                "events" => await _eventBridge.HandleAsync(request, context.RequestAborted).ConfigureAwait(false),
                "cloudformation" => await _cloudFormation.HandleAsync(request, context.RequestAborted).ConfigureAwait(false),
                var other => AwsJsonErrors.Error(400, "UnknownServiceException",
                    $"This local host serves datazone, states, events and cloudformation; the request was signed for '{other}'.", AwsHttpResponse.JsonContentType),
            };
        }

        return response;
    }

    private static async Task<AwsHttpRequest> ReadAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        // The raw target keeps the path exactly as sent (still percent-encoded), which signing and routing need.
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var path = rawTarget.Split('?', 2)[0];
        var query = new List<KeyValuePair<string, string>>();
        foreach (var (key, values) in context.Request.Query)
        {
            foreach (var value in values)
            {
                query.Add(new(key, value ?? ""));
            }
        }

        var headers = AwsHttpRequest.HeaderDictionary(context.Request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())));
        return new AwsHttpRequest(context.Request.Method, path, query, headers, body.ToArray());
    }
}

/// <summary>A service the local host serves: its display name, the SigV4 service name clients sign with, and its base URL.</summary>
public sealed record LocalServiceEndpoint(string Service, string SigningName, Uri BaseUrl);
