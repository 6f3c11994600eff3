using SmusServerless.Aws.Signing;

namespace SmusServerless.Aws.Http;

/// <summary>How a typed client reaches its service: region or service URL, credentials, transport, retries.</summary>
public sealed record AwsClientOptions
{
    /// <summary>Signing region and, without a <see cref="ServiceUrl"/>, the endpoint's region. Defaults to AWS_REGION / AWS_DEFAULT_REGION.</summary>
    public string? Region { get; init; } = Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");

    /// <summary>Endpoint override, e.g. <c>http://127.0.0.1:4599</c> for the local stack. Its path, if any, prefixes every request path.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>FIPS endpoints (not supported: resolution fails with a clear error).</summary>
    public bool UseFips { get; init; }

    /// <summary>Dual-stack endpoints (not supported: resolution fails with a clear error).</summary>
    public bool UseDualStack { get; init; }

    /// <summary>Where credentials come from; defaults to AWSSDK.Core's chain.</summary>
    public ICredentialsProvider? Credentials { get; init; }

    /// <summary>The transport; a shared handler per client when null. Tests pass a fake handler.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>Clock for signing times and retry delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public AwsRetryOptions Retry { get; init; } = new();

    /// <summary>Produces values for absent idempotency tokens (DataZone clientToken).</summary>
    public Func<string> IdempotencyTokenFactory { get; init; } = static () => Guid.NewGuid().ToString();

    /// <summary>Timeout of one attempt.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A client for an AWS region with the default credential chain.</summary>
    public static AwsClientOptions ForRegion(string region) => new() { Region = region };

    /// <summary>A client for a local endpoint with static credentials (signed as <paramref name="region"/>).</summary>
    public static AwsClientOptions ForLocalEndpoint(Uri serviceUrl, string accessKeyId = "local", string secretAccessKey = "local-secret", string region = "us-east-1")
        => new() { ServiceUrl = serviceUrl, Region = region, Credentials = new StaticCredentialsProvider(accessKeyId, secretAccessKey) };
}

/// <summary>Bounded exponential backoff with full jitter.</summary>
public sealed record AwsRetryOptions
{
    /// <summary>Attempts in total, the first included (1 disables retries).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The cap of the first retry's delay; it doubles per retry.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>No single delay exceeds this.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A number in [0, 1) for jitter; replaceable for deterministic tests.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>How to wait; null waits on the client's TimeProvider. Tests record delays instead of sleeping.</summary>
    public Func<TimeSpan, CancellationToken, Task>? Delay { get; init; }
}
