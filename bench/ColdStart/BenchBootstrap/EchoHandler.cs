using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using SmusServerless.Runtime;
using SmusServerless.Runtime.Metrics;

namespace SmusServerless.Bench.ColdStart;

public sealed record EchoRequest(string Name);

public sealed record EchoResponse(string Greeting, string RequestId);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EchoRequest))]
[JsonSerializable(typeof(EchoResponse))]
internal sealed partial class EchoJsonContext : JsonSerializerContext;

/// <summary>
/// A handler doing what every real one does around its work: read JSON, write one structured log line,
/// record one EMF metric, answer JSON. So the bench times the runtime, logging and metrics paths.
/// </summary>
public sealed class EchoHandler(RuntimeServices services) : ILambdaHandler<EchoRequest, EchoResponse>
{
    private readonly ILogger _logger = services.LoggerFactory.CreateLogger<EchoHandler>();

    public JsonTypeInfo<EchoRequest> RequestTypeInfo => EchoJsonContext.Default.EchoRequest;

    public JsonTypeInfo<EchoResponse> ResponseTypeInfo => EchoJsonContext.Default.EchoResponse;

    public Task<EchoResponse> HandleAsync(EchoRequest input, ILambdaContext context, CancellationToken cancellationToken)
    {
        _logger.LogInformation("Echoing {Name}", input.Name);
        services.Metrics.AddMetric("Echoes", 1, MetricUnit.Count);
        return Task.FromResult(new EchoResponse($"Hello, {input.Name}", context.AwsRequestId));
    }
}
