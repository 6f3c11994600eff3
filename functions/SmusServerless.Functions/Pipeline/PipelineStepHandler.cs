using SmusServerless.Application.Pipeline;
using System.Text.Json.Serialization.Metadata;
using SmusServerless.Aws.Errors;
using SmusServerless.Core.Pipeline;
using SmusServerless.Runtime;
using SmusServerless.Runtime.RuntimeApi;

namespace SmusServerless.Functions.Pipeline;

/// <summary>
/// A pipeline step as a Lambda handler: JSON in, JSON out, and every failure reported under a name the state
/// machine's Retry and Catch match (Pipeline.Transient is retried; the rest end the run with their name).
/// With <paramref name="metrics"/>, each invocation also writes the step's EMF metrics (<see cref="StepMetrics"/>).
/// </summary>
public sealed class PipelineStepHandler<TRequest, TResponse>(
    Func<TRequest, CancellationToken, Task<TResponse>> step,
    JsonTypeInfo<TRequest> requestTypeInfo,
    JsonTypeInfo<TResponse> responseTypeInfo,
    StepMetrics? metrics = null) : ILambdaHandler<TRequest, TResponse>
{
    public JsonTypeInfo<TRequest> RequestTypeInfo { get; } = requestTypeInfo;

    public JsonTypeInfo<TResponse> ResponseTypeInfo { get; } = responseTypeInfo;

    public async Task<TResponse> HandleAsync(TRequest input, ILambdaContext context, CancellationToken cancellationToken)
    {
        if (metrics is null)
            return await RunAsync(input, cancellationToken).ConfigureAwait(false);

        var started = metrics.Start();
        try
        {
            var output = await RunAsync(input, cancellationToken).ConfigureAwait(false);
            metrics.Succeeded(started, input, output);
            return output;
        }
        catch (Exception error)
        {
            metrics.Failed(started, input, error is IErrorType named ? named.ErrorType : error.GetType().Name);
            throw;
        }
    }

    private async Task<TResponse> RunAsync(TRequest input, CancellationToken cancellationToken)
    {
        try
        {
            return await step(input, cancellationToken).ConfigureAwait(false);
        }
        catch (PipelineFailure failure)
        {
            throw new NamedStepError(failure.Error, failure.Cause, failure);
        }
        catch (Core.Approvals.ApprovalException failure)
        {
            throw new NamedStepError(failure.ErrorName, failure.Message, failure);
        }
        catch (AwsServiceException error) when (error.IsRetryable)
        {
            throw new NamedStepError(PipelineErrors.Transient, $"{error.Operation} failed with {error.ErrorCode} after retries; the state machine retries the step.", error);
        }
        catch (AwsAccessDeniedException error)
        {
            throw new NamedStepError(PipelineErrors.AccessDenied,
                $"{error.Operation} was denied ({error.ServiceMessage}). Grant the function's role that action (template.yaml), or make it a member of the DataZone project or domain.", error);
        }
    }
}

/// <summary>An exception whose error type is a pipeline error name rather than a CLR type name.</summary>
public sealed class NamedStepError(string errorType, string message, Exception inner) : Exception(message, inner), IErrorType
{
    public string ErrorType { get; } = errorType;
}
