using System.Text.Json;
using SmusServerless.Core.Pipeline;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Functions.Pipeline;


namespace SmusServerless.Functions.Tests.Pipeline;

public sealed class ReportFailureStepTests : IDisposable
{
    private readonly PipelineFixture _world = new();

    private Task<FailureReport> ReportAsync(string stateJson) =>
        _world.Services().ReportFailure().RunAsync(new ReportFailureInput("arn:exec", JsonDocument.Parse(stateJson).RootElement), CancellationToken.None);

    [Fact]
    public async Task Lambda_error_cause_is_unwrapped_to_its_message()
    {
        var report = await ReportAsync("""{"failure":{"Error":"Project.NotFound","Cause":"{\"errorType\":\"Project.NotFound\",\"errorMessage\":\"Project 'x' does not exist\"}"}}""");

        Assert.Equal(new FailureReport("Project.NotFound", "Project 'x' does not exist"), report);
    }

    [Fact]
    public async Task Unnamed_error_becomes_Pipeline_Unexpected_and_keeps_its_type_in_the_cause()
    {
        var report = await ReportAsync("""{"failure":{"Error":"NullReferenceException","Cause":"boom"}}""");

        Assert.Equal(PipelineErrors.Unexpected, report.Error);
        Assert.StartsWith("NullReferenceException: boom", report.Cause);
    }

    [Fact]
    public async Task Failure_is_announced_as_Deployment_Failed_with_the_named_error()
    {
        await ReportAsync("""{"failure":{"Error":"Approval.Rejected","Cause":"Rejected by bob: not today"}}""");

        var published = Assert.Single(_world.Events.Published);
        Assert.Equal(LifecycleEvents.DeploymentFailed, published.DetailType);
        Assert.Contains("Approval.Rejected", published.DetailJson);
    }

    public void Dispose() => _world.Dispose();
}
