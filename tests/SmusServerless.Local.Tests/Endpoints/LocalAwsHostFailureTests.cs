using System.Net;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Local.Endpoints;
using SmusServerless.Local.Endpoints.StepFunctions;

namespace SmusServerless.Local.Tests.Endpoints;

public sealed class LocalAwsHostFailureTests
{
    [Fact]
    public async Task A_failing_backend_is_an_aws_style_500()
    {
        await using var host = await LocalAwsHost.StartAsync(new LocalAwsHostOptions { StepFunctions = new ThrowingStepFunctionsBackend() });
        using var http = new HttpClient();
        var response = await http.SendSignedAsync(HttpMethod.Post, host.StepFunctionsUrl, "states", """{"taskToken":"t"}""",
            [new("X-Amz-Target", "AWSStepFunctions.SendTaskHeartbeat")]);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("InternalFailure", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    /// <summary>A backend whose every call fails the way a bug would.</summary>
    private sealed class ThrowingStepFunctionsBackend : IStepFunctionsBackend
    {
        public Task<SendTaskSuccessOutput> SendTaskSuccessAsync(SendTaskSuccessInput request, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");

        public Task<SendTaskFailureOutput> SendTaskFailureAsync(SendTaskFailureInput request, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");

        public Task<SendTaskHeartbeatOutput> SendTaskHeartbeatAsync(SendTaskHeartbeatInput request, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");

        public Task<StartExecutionOutput> StartExecutionAsync(StartExecutionInput request, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");

        public Task<DescribeExecutionOutput> DescribeExecutionAsync(DescribeExecutionInput request, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");

        public Task<GetExecutionHistoryOutput> GetExecutionHistoryAsync(GetExecutionHistoryInput request, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");
    }
}
