using System.Text.Json.Serialization.Metadata;

namespace SmusServerless.Runtime;

/// <summary>
/// A Lambda function's handler. Input and output are (de)serialized with the handler's own System.Text.Json
/// source-generated metadata, so the bootstrap stays free of reflection (Native AOT).
/// </summary>
public interface ILambdaHandler<TRequest, TResponse>
{
    JsonTypeInfo<TRequest> RequestTypeInfo { get; }

    JsonTypeInfo<TResponse> ResponseTypeInfo { get; }

    /// <param name="cancellationToken">Cancelled shortly before the invocation's deadline
    /// (<see cref="RuntimeOptions.DeadlineReserve"/> earlier), leaving time to report.</param>
    Task<TResponse> HandleAsync(TRequest input, ILambdaContext context, CancellationToken cancellationToken);
}
