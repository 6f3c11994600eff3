using System.Text.Json;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using SmusServerless.Aws.Errors;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Core.Storage;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Functions.Pipeline;


namespace SmusServerless.Functions.Tests.Pipeline;

public sealed class StartStepTests
{
    private readonly IStepFunctionsClient _stepFunctions = Substitute.For<IStepFunctionsClient>();
    private readonly List<StartExecutionInput> _started = [];

    public StartStepTests()
    {
        _stepFunctions.StartExecutionAsync(Arg.Do<StartExecutionInput>(_started.Add), Arg.Any<CancellationToken>())
            .Returns(new StartExecutionOutput { ExecutionArn = "arn:aws:states:us-east-1:111122223333:execution:sm:x" });
    }

    private StartStep Step() => new PipelineComposition(new PipelineAdapters(
        new PipelineSettings { StateBucket = "state", BundlesBucket = "smus-serverless-bundlesbucket-example", StateMachineArn = "arn:aws:states:us-east-1:111122223333:stateMachine:sm" },
        Substitute.For<IObjectStore>(), _ => null!, Substitute.For<Core.Pipeline.ILifecycleEvents>(), _stepFunctions, TimeProvider.System)).Start();

    private static JsonElement Sample(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "events", name))).RootElement;

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "SmusServerless.sln"))) dir = dir.Parent;
        return dir.FullName;
    }

    [Fact]
    public async Task Bundle_upload_starts_one_execution_for_that_object_version()
    {
        var result = await Step().RunAsync(Sample("s3-bundle-uploaded.json"), CancellationToken.None);

        Assert.True(result.Started);
        var input = JsonSerializer.Deserialize(_started.Single().Input!, PipelineJsonContext.Default.ExecutionRequest)!;
        Assert.Equal("bundles/DemoMarketingPipeline-1.4.0.zip", input.Bundle.Key);
        Assert.Equal("3HL4kqtJlcpXroDTDmjVBH40Nrjfkd", input.Bundle.VersionId);
    }

    [Fact]
    public async Task The_same_event_delivered_again_asks_for_the_same_execution_name()
    {
        await Step().RunAsync(Sample("s3-bundle-uploaded.json"), CancellationToken.None);
        await Step().RunAsync(Sample("s3-bundle-uploaded.json"), CancellationToken.None);

        Assert.Equal(2, _started.Count);
        Assert.Equal(_started[0].Name, _started[1].Name);
    }

    [Fact]
    public async Task Execution_that_already_exists_is_reported_as_not_started()
    {
        _stepFunctions.StartExecutionAsync(Arg.Any<StartExecutionInput>(), Arg.Any<CancellationToken>())
            .Throws(new AwsServiceException(new SmusServerless.Aws.Protocols.AwsErrorResponse("ExecutionAlreadyExists", "exists", "req", 400, null), "StartExecution", RetryClassification.NotRetryable));

        var result = await Step().RunAsync(Sample("s3-bundle-uploaded.json"), CancellationToken.None);

        Assert.False(result.Started);
        Assert.Contains("already exists", result.Reason);
    }

    [Fact]
    public async Task Deployment_requested_event_carries_its_targets_and_requester()
    {
        var result = await Step().RunAsync(Sample("deployment-requested.json"), CancellationToken.None);

        Assert.True(result.Started);
        var input = JsonSerializer.Deserialize(_started.Single().Input!, PipelineJsonContext.Default.ExecutionRequest)!;
        Assert.Equal(["prod"], input.Targets);
        Assert.Equal("alice@example.com", input.RequestedBy);
        Assert.Equal("1aX8c0bT7nq2Yy0oJzPq2dVxQf7s3kLm", input.Bundle.VersionId);
    }

    [Fact]
    public async Task Object_that_is_not_a_bundle_starts_nothing()
    {
        var json = Sample("s3-bundle-uploaded.json").GetRawText().Replace("DemoMarketingPipeline-1.4.0.zip", "notes.txt");
        var result = await Step().RunAsync(JsonDocument.Parse(json).RootElement, CancellationToken.None);

        Assert.False(result.Started);
        Assert.Empty(_started);
    }

    [Fact]
    public async Task Deployment_requested_for_a_bundle_outside_the_bundles_bucket_starts_nothing_and_says_why()
    {
        var json = Sample("deployment-requested.json").GetRawText().Replace("s3://smus-serverless-bundlesbucket-example/", "s3://someone-elses-bucket/");
        var result = await Step().RunAsync(JsonDocument.Parse(json).RootElement, CancellationToken.None);

        Assert.False(result.Started);
        Assert.Contains("not in the bundles bucket (smus-serverless-bundlesbucket-example)", result.Reason);
        Assert.Empty(_started);
    }
}
