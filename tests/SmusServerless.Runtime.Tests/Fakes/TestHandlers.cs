using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace SmusServerless.Runtime.Tests.Fakes;

internal sealed record GreetingRequest(string Name);

internal sealed record GreetingResponse(string Greeting);

/// <summary>Everything the handler saw of its context, returned so a test can check it.</summary>
internal sealed record ContextSnapshot(
    string AwsRequestId,
    string FunctionName,
    string FunctionVersion,
    int MemoryLimitInMB,
    string InvokedFunctionArn,
    string LogGroupName,
    string LogStreamName,
    string? TraceId,
    string? TraceEnvironmentVariable,
    string? ClientContext,
    string? Identity,
    double RemainingMilliseconds);

internal sealed record ApprovalRequest(string TaskToken, string Signature, string Approver);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GreetingRequest))]
[JsonSerializable(typeof(GreetingResponse))]
[JsonSerializable(typeof(ContextSnapshot))]
[JsonSerializable(typeof(ApprovalRequest))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

internal sealed class GreetingHandler : ILambdaHandler<GreetingRequest, GreetingResponse>
{
    public JsonTypeInfo<GreetingRequest> RequestTypeInfo => TestJsonContext.Default.GreetingRequest;

    public JsonTypeInfo<GreetingResponse> ResponseTypeInfo => TestJsonContext.Default.GreetingResponse;

    public Task<GreetingResponse> HandleAsync(GreetingRequest input, ILambdaContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new GreetingResponse($"Hello, {input.Name}"));
}

internal sealed class ContextEchoHandler(RuntimeServices services) : ILambdaHandler<GreetingRequest, ContextSnapshot>
{
    public JsonTypeInfo<GreetingRequest> RequestTypeInfo => TestJsonContext.Default.GreetingRequest;

    public JsonTypeInfo<ContextSnapshot> ResponseTypeInfo => TestJsonContext.Default.ContextSnapshot;

    public Task<ContextSnapshot> HandleAsync(GreetingRequest input, ILambdaContext context, CancellationToken cancellationToken)
    {
        services.LoggerFactory.CreateLogger("echo").LogInformation("Echoing the context");
        return Task.FromResult(new ContextSnapshot(
            context.AwsRequestId, context.FunctionName, context.FunctionVersion, context.MemoryLimitInMB,
            context.InvokedFunctionArn, context.LogGroupName, context.LogStreamName, context.TraceId,
            services.Environment.Get("_X_AMZN_TRACE_ID"), context.ClientContext, context.Identity,
            context.RemainingTime.TotalMilliseconds));
    }
}

internal sealed class ThrowingHandler(Exception error) : ILambdaHandler<GreetingRequest, GreetingResponse>
{
    public JsonTypeInfo<GreetingRequest> RequestTypeInfo => TestJsonContext.Default.GreetingRequest;

    public JsonTypeInfo<GreetingResponse> ResponseTypeInfo => TestJsonContext.Default.GreetingResponse;

    public Task<GreetingResponse> HandleAsync(GreetingRequest input, ILambdaContext context, CancellationToken cancellationToken) =>
        throw error;
}

/// <summary>Waits for its token; tells the test when it has started and what its token was.</summary>
internal sealed class WaitingHandler : ILambdaHandler<GreetingRequest, GreetingResponse>
{
    private readonly TaskCompletionSource<CancellationToken> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<CancellationToken> Started => _started.Task.WaitAsync(TimeSpan.FromSeconds(30));

    public JsonTypeInfo<GreetingRequest> RequestTypeInfo => TestJsonContext.Default.GreetingRequest;

    public JsonTypeInfo<GreetingResponse> ResponseTypeInfo => TestJsonContext.Default.GreetingResponse;

    public async Task<GreetingResponse> HandleAsync(GreetingRequest input, ILambdaContext context, CancellationToken cancellationToken)
    {
        _started.TrySetResult(cancellationToken);
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        return new GreetingResponse("never");
    }
}

/// <summary>
/// A careless approval handler: it logs the task token and signature every way a handler might, and fails
/// with both in the exception message. None of it may reach a log line or the error report.
/// </summary>
internal sealed class CarelessApprovalHandler(RuntimeServices services) : ILambdaHandler<ApprovalRequest, GreetingResponse>
{
    public JsonTypeInfo<ApprovalRequest> RequestTypeInfo => TestJsonContext.Default.ApprovalRequest;

    public JsonTypeInfo<GreetingResponse> ResponseTypeInfo => TestJsonContext.Default.GreetingResponse;

    public Task<GreetingResponse> HandleAsync(ApprovalRequest input, ILambdaContext context, CancellationToken cancellationToken)
    {
        var logger = services.LoggerFactory.CreateLogger<CarelessApprovalHandler>();
        services.LogContext.AppendKey("taskToken", input.TaskToken);
        services.LogContext.AppendKey("approval", new Dictionary<string, object?> { ["sig"] = input.Signature, ["approver"] = input.Approver });
        services.LogContext.SetCorrelationId(input.TaskToken);
        logger.LogInformation("Resuming with task token " + input.TaskToken + " and signature " + input.Signature);
        logger.LogInformation("Resuming {Token} signed {Proof}", input.TaskToken, input.Signature);
        logger.LogInformation("Link: https://approvals.example/a/1?approver={Approver}&sig={Sig}", input.Approver, input.Signature);
        logger.LogInformation("Payload {Payload}", $$"""{"taskToken":"{{input.TaskToken}}","signature":"{{input.Signature}}"}""");
        services.Metrics.AddMetadata("taskToken", input.TaskToken);
        services.Metrics.AddMetric("ApprovalsSeen", 1);
        throw new InvalidOperationException(
            $"SendTaskSuccess failed for token {input.TaskToken}; the link signature {input.Signature} was rejected");
    }
}
