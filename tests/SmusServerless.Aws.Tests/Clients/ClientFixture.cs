using SmusServerless.Aws.Http;
using SmusServerless.Aws.Signing;
using SmusServerless.Aws.Tests.Support;

namespace SmusServerless.Aws.Tests.Clients;

/// <summary>Client options over a fake transport, a fixed clock and recorded (not slept) retry delays.</summary>
public sealed class ClientFixture
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 30, 0, TimeSpan.Zero);
    public static readonly AwsCredentials Credentials = new("AKIDTEST", "test-secret");

    public FakeAwsHandler Handler { get; } = new();
    public FixedTimeProvider Clock { get; } = new(Now);
    public List<TimeSpan> Delays { get; } = [];

    public AwsClientOptions Options(int maxAttempts = 4, double jitter = 1.0, Uri? serviceUrl = null) => new()
    {
        Region = "us-east-1",
        ServiceUrl = serviceUrl,
        Credentials = new StaticCredentialsProvider(Credentials),
        HttpHandler = Handler,
        TimeProvider = Clock,
        IdempotencyTokenFactory = () => "generated-token",
        Retry = new AwsRetryOptions
        {
            MaxAttempts = maxAttempts,
            BaseDelay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromMilliseconds(250),
            Jitter = () => jitter,
            Delay = (delay, _) =>
            {
                Delays.Add(delay);
                return Task.CompletedTask;
            },
        },
    };
}
