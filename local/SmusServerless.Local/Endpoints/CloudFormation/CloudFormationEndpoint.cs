using System.Text;
using SmusServerless.Aws.CloudFormation;
using SmusServerless.Aws.Protocols;
using SmusServerless.Local.Endpoints.Protocol;
using AwsHttpRequest = SmusServerless.Local.Endpoints.Protocol.AwsHttpRequest;

namespace SmusServerless.Local.Endpoints.CloudFormation;

/// <summary>
/// The local stack as CloudFormation describes a deployed one: a name and the outputs template.yaml declares
/// (BundlesBucketName, BundlesPrefix, StateMachineArn, ...), so <c>deploy</c> finds the local pipeline with the same
/// DescribeStacks call it makes on AWS.
/// </summary>
public sealed record LocalStackDescription(string StackName, IReadOnlyDictionary<string, string> Outputs, DateTimeOffset CreationTime)
{
    /// <summary>The stack id CloudFormation would give it in the local account.</summary>
    public string StackId(string region) => $"arn:aws:cloudformation:{region}:000000000000:stack/{StackName}/00000000-0000-4000-8000-000000000000";
}

/// <summary>
/// CloudFormation's awsQuery endpoint for DescribeStacks only: the form is read into the generated input shape and
/// answered with the generated output shape as XML, through the Wire's awsQuery codec (no shape of its own).
/// </summary>
public sealed class CloudFormationEndpoint(Func<LocalStackDescription?> currentStack, string region)
{
    public async Task<AwsHttpResponse> HandleAsync(AwsHttpRequest request, CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        var requestId = Guid.NewGuid().ToString();
        if (AwsRequestReader.MatchQueryAction(CloudFormationOperations.All, request.Body.Span) is not { } operation)
            return Error(400, "InvalidAction", "The local CloudFormation endpoint serves DescribeStacks (Version 2010-05-15) only.", requestId);

        DescribeStacksInput input;
        try
        {
            input = (DescribeStacksInput)operation.ReadRequest(new Dictionary<string, string>(), [], [], request.Body.Span);
        }
        catch (AwsRequestValidationException e)
        {
            return Error(400, "ValidationError", e.Message, requestId);
        }

        var stack = currentStack();
        if (stack is null || (input.StackName is { } name && name != stack.StackName && name != stack.StackId(region)))
            return Error(400, "ValidationError", $"Stack with id {input.StackName ?? "(any)"} does not exist", requestId);

        var output = new DescribeStacksOutput
        {
            Stacks =
            [
                new Stack
                {
                    StackName = stack.StackName,
                    StackId = stack.StackId(region),
                    CreationTime = stack.CreationTime,
                    StackStatus = StackStatus.CreateComplete,
                    Outputs = [.. stack.Outputs.Select(o => new Output { OutputKey = o.Key, OutputValue = o.Value })],
                },
            ],
        };
        var body = Encoding.UTF8.GetString(operation.WriteResponse(output));
        return AwsHttpResponse.Json(200, body, Aws.Protocols.Query.QueryXml.ContentType);
    }

    private static AwsHttpResponse Error(int status, string code, string message, string requestId)
    {
        var (headers, body) = AwsErrorWriter.Write(AwsProtocol.AwsQuery, code, message, requestId);
        return new AwsHttpResponse(status, AwsHttpRequest.HeaderDictionary(headers), Encoding.UTF8.GetString(body));
    }
}
