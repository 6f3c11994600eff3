using System.Text.Json.Serialization.Metadata;
using SmusServerless.Runtime;

namespace SmusServerless.Functions.Approvals;

/// <summary>
/// The approval endpoint as the Lambda handler behind the Function URL: the invocation event is the URL's request in
/// payload format 2.0, the result is its response (statusCode, headers, body, isBase64Encoded).
/// </summary>
public sealed class ApprovalEndpointHandler(ApprovalEndpoint endpoint) : ILambdaHandler<FunctionUrlRequest, FunctionUrlResponse>
{
    public JsonTypeInfo<FunctionUrlRequest> RequestTypeInfo => ApprovalJsonContext.Default.FunctionUrlRequest;

    public JsonTypeInfo<FunctionUrlResponse> ResponseTypeInfo => ApprovalJsonContext.Default.FunctionUrlResponse;

    public Task<FunctionUrlResponse> HandleAsync(FunctionUrlRequest input, ILambdaContext context, CancellationToken cancellationToken) =>
        endpoint.HandleAsync(input, cancellationToken);
}
